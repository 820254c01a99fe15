namespace FedBus.Contracts;

/// <summary>A radiologist's label for a task, waiting for QC. The label bytes are in the site's blob store.</summary>
public sealed record AnnotationSubmitted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid TaskId,
    string ReaderId,
    TaskKind Task,
    string LabelBlobSha256,
    string ImageBlobSha256,
    bool IsSecondRead) : ISiteMessage;
