namespace FedBus.Contracts;

/// <summary>A radiologist is asked to correct the model on one image; the model's guess pre-fills the task.</summary>
public sealed record AnnotationTaskCreated(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid TaskId,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    int Frame,
    TaskKind Task,
    string ModelId,
    int ModelVersion,
    string PrefillBlobSha256,
    string Reason,
    double Priority,
    bool IsAuditSample) : ISiteMessage;
