namespace FedBus.Imaging.Labels;

/// <summary>
/// How labels and predictions are stored and exchanged. A prediction is stored in the same format as a label (plus
/// probabilities or scores), so the model's guess pre-fills a task as it is.
/// </summary>
public static class LabelMediaTypes
{
    /// <summary>A mask at the image's own size: an 8-bit (or 1/2/4-bit) grayscale or palette PNG whose values are class ids.</summary>
    public const string MaskPng = "image/png";

    /// <summary>A mask as row-major runs: {"height":H,"width":W,"runs":[[classId,length],…]}.</summary>
    public const string MaskRle = "application/vnd.fedbus.mask-rle+json";

    /// <summary>One class for the image: {"classId":n} (predictions add "probabilities":[…]).</summary>
    public const string ClassJson = "application/vnd.fedbus.class+json";

    /// <summary>Boxes in pixel edges of the image: {"boxes":[{"x0":…,"y0":…,"x1":…,"y1":…,"classId":n}]} (predictions add "score").</summary>
    public const string BoxesJson = "application/vnd.fedbus.boxes+json";

    public static bool IsKnown(string mediaType) => mediaType is MaskPng or MaskRle or ClassJson or BoxesJson;
}
