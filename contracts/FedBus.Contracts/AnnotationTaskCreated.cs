namespace FedBus.Contracts;

/// <summary>
/// A radiologist is asked to label one image; the model's guess pre-fills the task. <see cref="OpenedBecause"/> says
/// why (uncertainty, a QC flag, an audit sample); audit tasks need <see cref="RequiredReads"/> = 2 independent readers.
/// </summary>
public sealed record AnnotationTaskCreated(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid TaskId,
    Guid PredictionId,
    ImageRef Image,
    TaskKind Task,
    string ModelId,
    int ModelVersion,
    LabelSchema Labels,
    string PrefillBlobSha256,
    string PrefillMediaType,
    IReadOnlyList<QcFlag> OpenedBecause,
    double Priority,
    bool IsAuditSample,
    int RequiredReads,
    DateTimeOffset DueAt) : ISiteMessage;
