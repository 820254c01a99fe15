namespace FedBus.AnnotationRequest.Worklist;

/// <summary>
/// One task as the calling reader sees it. <see cref="ReaderState"/>: "available" (they may claim it), "claimed",
/// "returned" (QC sent their read back: see <see cref="QcReasons"/>), "submitted" (waiting for QC) or "unavailable".
/// <see cref="Status"/> is the task's own state. Other readers' labels are never shown (double reads stay independent).
/// </summary>
public sealed record TaskView(
    Guid TaskId,
    string Status,
    string ReaderState,
    string Kind,
    string ModelId,
    int ModelVersion,
    int LabelSchemaVersion,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<ReasonView> OpenedBecause,
    double Priority,
    bool IsAuditSample,
    int RequiredReads,
    int SubmittedReads,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? DueAt,
    bool Overdue,
    ImageView Image,
    PrefillView Prefill,
    ReadView? MyRead,
    IReadOnlyList<ReasonView> QcReasons,
    IReadOnlyList<ReasonView> Findings);
