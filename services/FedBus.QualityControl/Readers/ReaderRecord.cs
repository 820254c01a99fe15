using FedBus.QualityControl.Review;
using FedBus.QualityControl.Rules;

namespace FedBus.QualityControl.Readers;

/// <summary>
/// One reader's record for one model (collection "qc_readers", id from <see cref="IdOf"/>): verdicts and finding counts,
/// the recent verdicts (for <see cref="ReaderHistory"/>), and the agreement of their reads with the outcome of
/// multi-read tasks, over all time and over a recent window.
/// </summary>
public sealed record ReaderRecord(
    string ReaderId,
    string ModelId,
    long Reviewed,
    long Rejected,
    Dictionary<string, long> FindingCounts,
    IReadOnlyList<RecentVerdict> Recent,
    long Comparisons,
    double AgreementSum,
    IReadOnlyList<double> RecentAgreement,
    DateTimeOffset UpdatedAt)
{
    public static string IdOf(string modelId, string readerId) => $"{modelId}\n{readerId}";

    public static ReaderRecord New(string modelId, string readerId, DateTimeOffset now) =>
        new(readerId, modelId, 0, 0, new Dictionary<string, long>(StringComparer.Ordinal), [], 0, 0, [], now);

    public ReaderHistory History => new(Recent.Count, Recent.Count(v => v.Codes.Contains(QcCodes.OneBasedLabels)));

    public double? MeanAgreement => Comparisons == 0 ? null : AgreementSum / Comparisons;

    public double? RecentMeanAgreement => RecentAgreement.Count == 0 ? null : RecentAgreement.Average();

    /// <summary>Enough recent comparisons, and their mean below the threshold: the reader is systematically off.</summary>
    public bool IsOff(double threshold, int minimumComparisons) =>
        RecentAgreement.Count >= minimumComparisons && RecentMeanAgreement < threshold;

    public ReaderRecord WithVerdict(SubmissionRecord verdict, int window)
    {
        if (verdict.Outcome == SubmissionOutcome.Ignored) return this;
        var counts = new Dictionary<string, long>(FindingCounts, StringComparer.Ordinal);
        foreach (var code in verdict.Findings.Select(f => f.Code).Distinct()) counts[code] = counts.GetValueOrDefault(code) + 1;
        var rejected = verdict.Outcome == SubmissionOutcome.Rejected;
        var recent = Recent.Append(new RecentVerdict(verdict.SubmissionId, rejected, verdict.Findings.Select(f => f.Code).Distinct().ToList(), verdict.ReviewedAt))
            .TakeLast(window).ToList();
        return this with
        {
            Reviewed = Reviewed + 1,
            Rejected = Rejected + (rejected ? 1 : 0),
            FindingCounts = counts,
            Recent = recent,
            UpdatedAt = verdict.ReviewedAt,
        };
    }

    public ReaderRecord WithAgreement(double score, int window, DateTimeOffset now) => this with
    {
        Comparisons = Comparisons + 1,
        AgreementSum = AgreementSum + score,
        RecentAgreement = RecentAgreement.Append(score).TakeLast(window).ToList(),
        UpdatedAt = now,
    };
}
