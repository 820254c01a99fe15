namespace FedBus.Contracts;

/// <summary>
/// QC accepted a label: the image and its label join the site's training pool as one case. It carries everything
/// training needs without reading another service's database: the image reference, the label blob and its format,
/// the task, the model and its class list, the readers and whether it was an audit sample.
/// </summary>
public sealed record AnnotationAccepted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid CaseId,
    Guid TaskId,
    TaskKind Task,
    string ModelId,
    LabelSchema Labels,
    ImageRef Image,
    string LabelBlobSha256,
    string LabelMediaType,
    IReadOnlyList<string> ReaderIds,
    bool IsAuditSample,
    IReadOnlyList<QcFlag> Warnings) : ISiteMessage;
