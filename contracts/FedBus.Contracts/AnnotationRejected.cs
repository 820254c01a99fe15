namespace FedBus.Contracts;

/// <summary>QC returned a label to its reader, with every reason it failed.</summary>
public sealed record AnnotationRejected(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid TaskId,
    string ReaderId,
    IReadOnlyList<QcFlag> Reasons) : ISiteMessage;
