namespace FedBus.Imaging.Input;

/// <summary>
/// Stable codes for why an instance or frame did not reach a model (the code of the <c>InferenceSkipped</c> reason;
/// annotation-request and dashboards key on them, so they never change meaning).
/// </summary>
public static class InputSkipCodes
{
    /// <summary>The bytes are not a DICOM file we can read.</summary>
    public const string UnreadableInstance = "unreadable-instance";

    /// <summary>The source (blob store or WADO-RS) does not have the instance.</summary>
    public const string InstanceUnavailable = "instance-unavailable";

    /// <summary>No Pixel Data: RT plans, structured reports, presentation states…</summary>
    public const string NoPixelData = "no-pixel-data";

    /// <summary>Pixel Data whose image module contradicts itself (sizes, bit depths).</summary>
    public const string InvalidPixelData = "invalid-pixel-data";

    /// <summary>A colour image (RGB, YBR, palette): the models read one grayscale channel.</summary>
    public const string Colour = "colour";

    /// <summary>The modality is not one the task's model was trained for.</summary>
    public const string WrongModality = "wrong-modality";

    /// <summary>A frame that cannot be decoded (corrupt or unsupported compressed data).</summary>
    public const string UndecodableFrame = "undecodable-frame";

    /// <summary>Fewer rows or columns than the task accepts.</summary>
    public const string TooSmall = "too-small";

    /// <summary>Every pixel has one value: nothing to see.</summary>
    public const string BlankFrame = "blank-frame";

    /// <summary>Frames beyond the task's per-instance limit.</summary>
    public const string TooManyFrames = "too-many-frames";

    /// <summary>No model has been published for the task yet.</summary>
    public const string NoModel = "no-model";

    /// <summary>The model failed on this image.</summary>
    public const string ModelError = "model-error";
}
