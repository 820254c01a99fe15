using FedBus.Contracts;
using FedBus.QualityControl.Readers;
using FedBus.QualityControl.Review;
using FedBus.QualityControl.Statistics;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.QualityControl.Service;

/// <summary>QC's collections in the site's document store (underscores: LiteDB refuses '-' in collection names).</summary>
public sealed class QcStore(IDocumentStore store)
{
    public IDocumentCollection<TaskRecord> Tasks { get; } = store.Collection<TaskRecord>("qc_tasks");
    public IDocumentCollection<SubmissionRecord> Submissions { get; } = store.Collection<SubmissionRecord>("qc_submissions");
    public IDocumentCollection<ReaderRecord> Readers { get; } = store.Collection<ReaderRecord>("qc_readers");
    public IDocumentCollection<ReaderPairRecord> Pairs { get; } = store.Collection<ReaderPairRecord>("qc_reader_pairs");
    public IDocumentCollection<SiteStatisticsRecord> Statistics { get; } = store.Collection<SiteStatisticsRecord>("qc_statistics");
    public IDocumentCollection<FederationStatisticsPublished> Federation { get; } = store.Collection<FederationStatisticsPublished>("qc_federation_statistics");
    public IDocumentCollection<ActivityRecord> Activity { get; } = store.Collection<ActivityRecord>("qc_activity");

    public static string TaskKey(Guid taskId) => taskId.ToString("N");

    public static string SubmissionKey(Guid submissionId) => submissionId.ToString("N");

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        await Submissions.EnsureIndexAsync("taskId", cancellationToken);
        await Tasks.EnsureIndexAsync("caseId", cancellationToken);
        await Readers.EnsureIndexAsync("modelId", cancellationToken);
        await Pairs.EnsureIndexAsync("modelId", cancellationToken);
        await Activity.EnsureIndexAsync("folded", cancellationToken);
    }
}
