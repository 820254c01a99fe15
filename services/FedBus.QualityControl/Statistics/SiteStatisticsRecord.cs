using FedBus.Contracts;
using FedBus.QualityControl.Review;

namespace FedBus.QualityControl.Statistics;

/// <summary>
/// QC's running totals for one model at this site (collection "qc_statistics", id = ModelId): named counts, the class
/// histogram of accepted cases (withdrawn ones taken out again), and where the next report stands. Raw counts stay at
/// the site; <see cref="Report"/> suppresses small cells before anything leaves.
/// </summary>
public sealed record SiteStatisticsRecord(
    string ModelId,
    Dictionary<string, long> Counts,
    Dictionary<int, long> AcceptedClassCounts,
    long AcceptedCases,
    long NewAcceptedCases,
    long VerdictsSinceReport,
    long ReportSequence,
    bool ChangedSinceReport,
    DateTimeOffset? LastReportAt,
    DateTimeOffset UpdatedAt)
{
    public static SiteStatisticsRecord New(string modelId, DateTimeOffset now) =>
        new(modelId, new Dictionary<string, long>(StringComparer.Ordinal), [], 0, 0, 0, 0, false, null, now);

    public long Count(string name) => Counts.GetValueOrDefault(name);

    public SiteStatisticsRecord With(ReviewResult result, DateTimeOffset now)
    {
        var verdict = result.Submission;
        if (verdict.Outcome == SubmissionOutcome.Ignored) return this;
        var counts = new Dictionary<string, long>(Counts, StringComparer.Ordinal);
        void Add(string name) => counts[name] = counts.GetValueOrDefault(name) + 1;

        Add(StatisticsNames.Reviewed);
        if (verdict.Outcome == SubmissionOutcome.Rejected)
        {
            Add(StatisticsNames.Rejected);
            foreach (var code in result.Errors.Select(f => f.Code).Distinct()) Add(StatisticsNames.RejectedPrefix + code);
        }
        else
            foreach (var code in result.Warnings.Select(f => f.Code).Distinct()) Add(StatisticsNames.WarningPrefix + code);
        if (result.AdjudicationRequested is not null) Add(StatisticsNames.AdjudicationsRequested);

        var classes = AcceptedClassCounts;
        long accepted = AcceptedCases, fresh = NewAcceptedCases;
        if (result.Accepted is not null)
        {
            Add(StatisticsNames.Accepted);
            classes = Shift(classes, result.Task.AcceptedClasses, +1);
            accepted++;
            fresh++;
        }
        return this with
        {
            Counts = counts,
            AcceptedClassCounts = classes,
            AcceptedCases = accepted,
            NewAcceptedCases = fresh,
            VerdictsSinceReport = VerdictsSinceReport + 1,
            ChangedSinceReport = true,
            UpdatedAt = now,
        };
    }

    /// <summary>Studies received at the site and tasks opened for this model since the last fold.</summary>
    public SiteStatisticsRecord WithActivity(long studies, long tasks, DateTimeOffset now)
    {
        if (studies == 0 && tasks == 0) return this;
        var counts = new Dictionary<string, long>(Counts, StringComparer.Ordinal);
        counts[StatisticsNames.StudiesReceived] = counts.GetValueOrDefault(StatisticsNames.StudiesReceived) + studies;
        counts[StatisticsNames.TasksOpened] = counts.GetValueOrDefault(StatisticsNames.TasksOpened) + tasks;
        return this with { Counts = counts, ChangedSinceReport = true, UpdatedAt = now };
    }

    public SiteStatisticsRecord WithWithdrawal(TaskRecord withdrawn, DateTimeOffset now)
    {
        var counts = new Dictionary<string, long>(Counts, StringComparer.Ordinal);
        counts[StatisticsNames.CasesWithdrawn] = counts.GetValueOrDefault(StatisticsNames.CasesWithdrawn) + 1;
        return this with
        {
            Counts = counts,
            AcceptedClassCounts = Shift(AcceptedClassCounts, withdrawn.AcceptedClasses, -1),
            AcceptedCases = Math.Max(0, AcceptedCases - 1),
            ChangedSinceReport = true,
            UpdatedAt = now,
        };
    }

    /// <summary>The report to the hub: every count and class cell below <paramref name="minimumCellCount"/> sent as 0.</summary>
    public SiteStatisticsReported Report(string siteId, int minimumCellCount, DateTimeOffset now)
    {
        long Cell(long n) => n < minimumCellCount ? 0 : n;
        var counts = Counts
            .Append(new(StatisticsNames.AcceptedCases, AcceptedCases))
            .Append(new(StatisticsNames.NewAcceptedCases, NewAcceptedCases))
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new MetricValue(c.Key, Cell(c.Value)))
            .ToList();
        var classes = AcceptedClassCounts.OrderBy(c => c.Key)
            .Select(c => new ClassCount(c.Key, (int)Math.Min(int.MaxValue, Cell(c.Value))))
            .ToList();
        return new SiteStatisticsReported(QcIds.StatisticsReport(siteId, ModelId, ReportSequence + 1), now, siteId, ModelId,
            minimumCellCount, counts, classes);
    }

    /// <summary>The record once <see cref="Report"/> has gone out.</summary>
    public SiteStatisticsRecord Reported(DateTimeOffset now) => this with
    {
        ReportSequence = ReportSequence + 1,
        NewAcceptedCases = 0,
        VerdictsSinceReport = 0,
        ChangedSinceReport = false,
        LastReportAt = now,
        UpdatedAt = now,
    };

    public bool ReportDue(int everyVerdicts) => everyVerdicts > 0 && VerdictsSinceReport >= everyVerdicts;

    private static Dictionary<int, long> Shift(Dictionary<int, long> histogram, IReadOnlyList<int> classes, int delta)
    {
        var result = new Dictionary<int, long>(histogram);
        foreach (var c in classes) result[c] = Math.Max(0, result.GetValueOrDefault(c) + delta);
        return result;
    }
}
