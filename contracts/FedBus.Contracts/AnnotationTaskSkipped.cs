namespace FedBus.Contracts;

/// <summary>A reader declined a task with a reason (e.g. "image unreadable"); it goes back to the worklist for others.</summary>
public sealed record AnnotationTaskSkipped(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid TaskId,
    string ReaderId,
    string Reason) : ISiteMessage;
