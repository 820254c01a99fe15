namespace FedBus.AnnotationRequest.Persistence;

/// <summary>
/// One thing a reader did that stays in their history: a submission (id = the submission id) or a skip. Stored with the
/// task change that made it; the task's current state (QC's verdict) is read from the task.
/// </summary>
public sealed record ReaderHistoryEntry(string ReaderId, HistoryKind Kind, Guid TaskId, Guid? SubmissionId, int? ReadNumber, string? Reason, DateTimeOffset At);
