namespace FedBus.Contracts;

/// <summary>A task was withdrawn before it was answered (e.g. its study was deleted, or the budget was cut).</summary>
public sealed record AnnotationTaskCancelled(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid TaskId,
    string Reason) : ISiteMessage;
