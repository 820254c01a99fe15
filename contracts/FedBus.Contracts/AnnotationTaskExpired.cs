namespace FedBus.Contracts;

/// <summary>A claimed task's reader lease or the task's deadline passed: the task is open again.</summary>
public sealed record AnnotationTaskExpired(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid TaskId,
    string? ReaderId,
    string Reason) : ISiteMessage;
