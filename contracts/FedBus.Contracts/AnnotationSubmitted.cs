namespace FedBus.Contracts;

/// <summary>
/// One reader's label for a task, waiting for QC. The label is in the site's blob store: a PNG mask of the image's
/// own size whose pixel values are class ids (segmentation), or JSON (classification: {"classId":n}; detection:
/// {"boxes":[{"x0","y0","x1","y1","classId"}]}), see <see cref="LabelMediaType"/>. Everything QC needs to judge it
/// travels along: the image size, the class list, the pre-annotation and why the task was opened.
/// </summary>
public sealed record AnnotationSubmitted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid SubmissionId,
    Guid TaskId,
    string ReaderId,
    int ReadNumber,
    int RequiredReads,
    bool IsAuditSample,
    TaskKind Task,
    ImageRef Image,
    string ModelId,
    int ModelVersion,
    LabelSchema Labels,
    string LabelBlobSha256,
    string LabelMediaType,
    string PrefillBlobSha256,
    IReadOnlyList<string> OpenedBecause) : ISiteMessage;
