using FedBus.QualityControl.Drift;
using FedBus.QualityControl.Readers;
using FedBus.QualityControl.Review;
using FedBus.QualityControl.Service;
using FedBus.QualityControl.Statistics;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.QualityControl.Api;

/// <summary>What the /qc API reads from QC's collections.</summary>
public sealed class QcQueries(QcStore store, QualityControlOptions options)
{
    public async Task<TaskVerdictsView?> TaskAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var task = await store.Tasks.GetAsync(QcStore.TaskKey(taskId), cancellationToken);
        var verdicts = await store.Submissions.FindAsync(DocumentFilter.Eq("taskId", taskId), new FindOptions(SortBy: "reviewedAt"), cancellationToken);
        return task is null && verdicts.Count == 0 ? null : new TaskVerdictsView(taskId, task?.Document, verdicts.Select(v => v.Document).ToList());
    }

    public async Task<TaskRecord?> CaseAsync(Guid caseId, CancellationToken cancellationToken) =>
        (await store.Tasks.FindAsync(DocumentFilter.Eq("caseId", caseId), new FindOptions(Limit: 1), cancellationToken)).FirstOrDefault()?.Document;

    public async Task<AgreementView> AgreementAsync(string? modelId, CancellationToken cancellationToken)
    {
        var filter = modelId is null ? DocumentFilter.All : DocumentFilter.Eq("modelId", modelId);
        var readers = (await store.Readers.FindAsync(filter, cancellationToken: cancellationToken)).Select(r => View(r.Document)).ToList();
        var pairs = (await store.Pairs.FindAsync(filter, cancellationToken: cancellationToken)).Select(p => p.Document)
            .Select(p => new PairAgreementView(p.ModelId, p.ReaderA, p.ReaderB, p.Tasks, p.Agreed, p.MeanAgreement, p.Kappa)).ToList();
        return new AgreementView(options.ReaderAgreementThreshold, options.ReaderMinimumComparisons,
            readers.OrderBy(r => r.ModelId, StringComparer.Ordinal).ThenBy(r => r.RecentMeanAgreement ?? 1).ThenBy(r => r.ReaderId, StringComparer.Ordinal).ToList(),
            pairs);
    }

    public async Task<IReadOnlyList<DriftView>> DriftAsync(CancellationToken cancellationToken)
    {
        var site = await store.Statistics.FindAsync(DocumentFilter.All, cancellationToken: cancellationToken);
        var federation = (await store.Federation.FindAsync(DocumentFilter.All, cancellationToken: cancellationToken)).ToDictionary(f => f.Id, f => f.Document);
        var classNames = await ClassNamesAsync(cancellationToken);
        return site.Select(s => s.Document).Select(s =>
        {
            federation.TryGetValue(s.ModelId, out var pooled);
            var assessment = ClassDistributionDrift.Assess(s.ModelId, s.AcceptedClassCounts, pooled, classNames.GetValueOrDefault(s.ModelId), options.Drift);
            return new DriftView(assessment, s.AcceptedClassCounts,
                pooled?.AcceptedClassCounts.ToDictionary(c => c.ClassId, c => (long)c.Count) ?? []);
        }).ToList();
    }

    public async Task<IReadOnlyList<RejectionCountsView>> RejectionsAsync(string? modelId, CancellationToken cancellationToken)
    {
        var records = (await store.Statistics.FindAsync(modelId is null ? DocumentFilter.All : DocumentFilter.Eq("modelId", modelId), cancellationToken: cancellationToken))
            .Select(s => s.Document).ToList();
        var views = records.Select(r => Rejections(r.ModelId, [r])).ToList();
        if (modelId is null) views.Insert(0, Rejections(null, records));
        return views;
    }

    private static RejectionCountsView Rejections(string? modelId, IReadOnlyList<SiteStatisticsRecord> records)
    {
        static Dictionary<string, long> ByPrefix(IEnumerable<SiteStatisticsRecord> rs, string prefix) => rs
            .SelectMany(r => r.Counts).Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(c => c.Key[prefix.Length..], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal);
        return new RejectionCountsView(modelId,
            records.Sum(r => r.Count(StatisticsNames.Reviewed)),
            records.Sum(r => r.Count(StatisticsNames.Rejected)),
            ByPrefix(records, StatisticsNames.RejectedPrefix),
            ByPrefix(records, StatisticsNames.WarningPrefix));
    }

    private ReaderAgreementView View(ReaderRecord r) => new(
        r.ReaderId, r.ModelId, r.Reviewed, r.Rejected, r.FindingCounts, r.Comparisons, r.MeanAgreement,
        r.RecentAgreement.Count, r.RecentMeanAgreement, r.IsOff(options.ReaderAgreementThreshold, options.ReaderMinimumComparisons));

    /// <summary>The class names of each model, from the newest task QC has seen for it (for readable drift messages).</summary>
    private async Task<Dictionary<string, IReadOnlyList<string>>> ClassNamesAsync(CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var s in await store.Statistics.FindAsync(DocumentFilter.All, cancellationToken: cancellationToken))
        {
            var newest = await store.Tasks.FindAsync(DocumentFilter.Eq("modelId", s.Document.ModelId),
                new FindOptions(SortBy: "updatedAt", Descending: true, Limit: 1), cancellationToken);
            if (newest.FirstOrDefault() is { } t) names[s.Document.ModelId] = t.Document.Labels.ClassNames;
        }
        return names;
    }
}
