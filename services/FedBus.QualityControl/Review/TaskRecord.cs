using FedBus.Contracts;

namespace FedBus.QualityControl.Review;

/// <summary>
/// QC's state of one annotation task (collection "qc_tasks", id = TaskId): what the task is, its reads that passed the
/// rules, and its decision. Once accepted it is also the case (<see cref="CaseId"/>, the consensus label).
/// </summary>
public sealed record TaskRecord(
    Guid TaskId,
    string SiteId,
    TaskKind Task,
    string ModelId,
    int ModelVersion,
    LabelSchema Labels,
    ImageRef Image,
    bool IsAuditSample,
    IReadOnlyList<string> OpenedBecause,
    int RequiredReads,
    TaskState State,
    IReadOnlyList<ReadRecord> Reads,
    IReadOnlyList<Guid> ReviewedSubmissions,
    IReadOnlyList<MetricValue> Agreement,
    Guid? CaseId,
    string? LabelBlobSha256,
    string? LabelMediaType,
    IReadOnlyList<int> AcceptedClasses,
    IReadOnlyList<QcFlag> Warnings,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AcceptedAt,
    CaseWithdrawal? Withdrawal)
{
    public static TaskRecord Open(AnnotationSubmitted s, DateTimeOffset now) => new(
        s.TaskId, s.SiteId, s.Task, s.ModelId, s.ModelVersion, s.Labels, s.Image, s.IsAuditSample, s.OpenedBecause,
        Math.Max(1, s.RequiredReads), TaskState.CollectingReads, [], [], [], null, null, null, [], [], now, now, null, null);

    public bool IsDecided => State is TaskState.Accepted or TaskState.Withdrawn;

    /// <summary>The reader ids in read order, each once.</summary>
    public IReadOnlyList<string> ReaderIds => Reads.OrderBy(r => r.ReadNumber).Select(r => r.ReaderId).Distinct(StringComparer.Ordinal).ToList();
}
