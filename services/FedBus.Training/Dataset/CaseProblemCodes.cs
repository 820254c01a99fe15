namespace FedBus.Training.Dataset;

/// <summary>Why a case is unusable (besides the image decoder's own codes, e.g. "colour", "no-pixel-data").</summary>
public static class CaseProblemCodes
{
    /// <summary>The instance source does not have the case's instance.</summary>
    public const string InstanceUnavailable = "instance-unavailable";

    /// <summary>The label blob is not in the site's blob store.</summary>
    public const string LabelUnavailable = "label-unavailable";

    /// <summary>The label's bytes are not a label of its media type.</summary>
    public const string UnreadableLabel = "unreadable-label";

    /// <summary>The label is of another task, another image size, or names classes the model does not have.</summary>
    public const string LabelDoesNotFit = "label-does-not-fit";

    /// <summary>The frame number is not a frame of the instance.</summary>
    public const string NoSuchFrame = "no-such-frame";
}
