namespace FedBus.AnnotationRequest.Worklist;

/// <summary>A line of the reader's worklist; <see cref="Url"/> fetches the whole task.</summary>
public sealed record WorklistItem(
    Guid TaskId,
    string ReaderState,
    string Kind,
    string ModelId,
    double Priority,
    IReadOnlyList<ReasonView> OpenedBecause,
    bool IsAuditSample,
    int RequiredReads,
    int SubmittedReads,
    int? MyReadNumber,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? DueAt,
    bool Overdue,
    DateTimeOffset? LeaseUntil,
    IReadOnlyList<ReasonView> QcReasons,
    string StudyInstanceUid,
    string Url);
