using FedBus.AnnotationRequest.Tasks;
using FedBus.Contracts;
using FedBus.Imaging.Labels;

namespace FedBus.AnnotationRequest.Worklist;

/// <summary>
/// Checks a submitted label's format against its task — the right kind of label for the task, a mask of the image's own
/// size — and returns it in canonical form (a mask as PNG whatever it came as; a class or boxes without the model's
/// probabilities or scores). Whether the class ids make sense is QC's judgement, not a format error.
/// </summary>
public static class SubmittedLabels
{
    public static EncodedLabel Canonicalise(AnnotationTask task, ReadOnlySpan<byte> body, string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            throw new LabelFormatException($"the request has no Content-Type; send the label with its format's media type ({Accepted(task.Task)})");
        if (body.IsEmpty) throw new LabelFormatException("the request body is empty; it must be the label");
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (LabelMediaTypes.IsKnown(mediaType) && !Fits(task.Task, mediaType))
            throw new LabelFormatException($"a {task.Task.ToString().ToLowerInvariant()} task takes {Accepted(task.Task)}, not {mediaType}");

        var label = LabelCodec.Decode(body, mediaType);
        return label switch
        {
            MaskLabel m when m.Height != task.Image.Rows || m.Width != task.Image.Columns =>
                throw new LabelFormatException($"the mask is {m.Height}×{m.Width} (rows×columns) but the image is {task.Image.Rows}×{task.Image.Columns}; a mask has the image's own size"),
            MaskLabel m => LabelCodec.Encode(m),
            ClassIdLabel c => LabelCodec.Encode(new ClassIdLabel(c.ClassId)),
            BoxesLabel b => LabelCodec.Encode(new BoxesLabel(b.Boxes.Select(x => x with { Score = null }).ToArray())),
            _ => throw new LabelFormatException($"no label of type {label.GetType().Name} fits a {task.Task} task"),
        };
    }

    private static bool Fits(TaskKind kind, string mediaType) => kind switch
    {
        TaskKind.Segmentation => mediaType is LabelMediaTypes.MaskPng or LabelMediaTypes.MaskRle,
        TaskKind.Classification => mediaType == LabelMediaTypes.ClassJson,
        TaskKind.Detection => mediaType == LabelMediaTypes.BoxesJson,
        _ => false,
    };

    private static string Accepted(TaskKind kind) => kind switch
    {
        TaskKind.Segmentation => $"a mask: {LabelMediaTypes.MaskPng} or {LabelMediaTypes.MaskRle}",
        TaskKind.Classification => $"a class: {LabelMediaTypes.ClassJson}",
        TaskKind.Detection => $"boxes: {LabelMediaTypes.BoxesJson}",
        _ => "no label",
    };
}
