using FedBus.Imaging.Labels;
using FedBus.Learning.Imaging;
using FedBus.Learning.Cases;
using FedBus.ServiceDefaults.Blobs;
using FedBus.Training.Images;
using TaskKind = FedBus.Contracts.TaskKind;

namespace FedBus.Training.Dataset;

/// <summary>
/// Turns a case's DICOM frame and label into its model input: the frame letterboxed to the model's size, the label
/// (in the image's own grid, as the radiologist drew it) carried through the same letterbox. A case that cannot become
/// an input throws <see cref="CaseProblemException"/> with a stable code; transient failures (the source unreachable)
/// throw their own exceptions so the caller can try again.
/// </summary>
public sealed class CasePreparation(ICaseImageReader images, IBlobStore blobs)
{
    public async Task<CaseInput> PrepareAsync(TrainingCase c, int size, int? classes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        var part10 = c.Origin == CaseOrigin.Accepted && c.Image is { } image
            ? await images.ReadInstanceAsync(image, cancellationToken)
            : await ReadBlobAsync(c.InstanceBlobSha256, CaseProblemCodes.InstanceUnavailable, "instance", cancellationToken);
        var label = await ReadLabelAsync(c.LabelBlobSha256, c.LabelMediaType, cancellationToken);
        return Build(part10, c.Frame, label, c.Task, size, classes);
    }

    public async Task<ImageLabel> ReadLabelAsync(string sha256, string mediaType, CancellationToken cancellationToken) =>
        DecodeLabel(await ReadBlobAsync(sha256, CaseProblemCodes.LabelUnavailable, "label", cancellationToken), mediaType);

    public CaseInput Build(ReadOnlyMemory<byte> part10, int frameNumber, ImageLabel label, TaskKind task, int size, int? classes) =>
        FromLabel(images.Decode(part10, frameNumber, size), label, task, classes);

    public static ImageLabel DecodeLabel(ReadOnlySpan<byte> bytes, string mediaType)
    {
        try
        {
            return LabelCodec.Decode(bytes, mediaType);
        }
        catch (LabelFormatException e)
        {
            throw new CaseProblemException(CaseProblemCodes.UnreadableLabel, $"The label cannot be read: {e.Message}.", e);
        }
    }

    /// <summary>The model input of a decoded frame and its label; <paramref name="classes"/> (when known) bounds the label's class ids.</summary>
    public static CaseInput FromLabel(CaseImage image, ImageLabel label, TaskKind task, int? classes)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(label);
        var fits = (task, label) switch
        {
            (TaskKind.Segmentation, MaskLabel) or (TaskKind.Classification, ClassIdLabel) or (TaskKind.Detection, BoxesLabel) => true,
            _ => false,
        };
        if (!fits) throw new CaseProblemException(CaseProblemCodes.LabelDoesNotFit, $"A {task} case needs a {LabelKind(task)} label, not a {label.GetType().Name}.");
        CaseLabel model;
        try
        {
            model = CaseLabels.ToModel(label, image.Geometry);
            if (classes is { } k) model.Validate(image.Image, k);
        }
        catch (ArgumentException e)
        {
            throw new CaseProblemException(CaseProblemCodes.LabelDoesNotFit, $"The label does not fit the image or the model: {e.Message}", e);
        }
        return new CaseInput(image.Image, model);
    }

    private async Task<byte[]> ReadBlobAsync(string sha256, string code, string what, CancellationToken cancellationToken)
    {
        if (!IsSha256(sha256)) throw new CaseProblemException(code, $"The case's {what} names no blob digest.");
        try
        {
            return await blobs.ReadAllBytesAsync(sha256, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            throw new CaseProblemException(code, $"The site's blob store has no {what} blob {sha256}.");
        }
    }

    private static bool IsSha256(string? s) => s is { Length: 64 } && s.All(char.IsAsciiHexDigitLower);

    private static string LabelKind(TaskKind task) => task switch
    {
        TaskKind.Segmentation => "mask",
        TaskKind.Classification => "class",
        _ => "boxes",
    };
}
