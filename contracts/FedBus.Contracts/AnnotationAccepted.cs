namespace FedBus.Contracts;

/// <summary>QC accepted a label: it joins the site's training pool as a case.</summary>
public sealed record AnnotationAccepted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid TaskId,
    Guid CaseId,
    TaskKind Task,
    string LabelBlobSha256,
    string ImageBlobSha256,
    IReadOnlyList<QcFlag> Warnings) : ISiteMessage;
