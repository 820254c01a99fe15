namespace FedBus.Contracts;

/// <summary>QC returned a label to its reader with every reason it failed; the reader may resubmit.</summary>
public sealed record AnnotationRejected(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid TaskId,
    Guid SubmissionId,
    string ReaderId,
    IReadOnlyList<QcFlag> Reasons) : ISiteMessage;
