namespace FedBus.AnnotationRequest.Worklist;

/// <summary>
/// One thing the reader did: a submission ("submission", with QC's verdict and reasons as they stand now) or a skip
/// ("skip", with the reason given). <see cref="TaskStatus"/> is the task's state now; <see cref="CaseId"/> once accepted.
/// </summary>
public sealed record HistoryItem(
    string Kind, Guid TaskId, Guid? SubmissionId, int? ReadNumber, DateTimeOffset At, string? Reason, string? Verdict,
    IReadOnlyList<ReasonView> QcReasons, string TaskStatus, Guid? CaseId, string TaskUrl);
