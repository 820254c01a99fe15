namespace FedBus.QualityControl.Rules;

/// <summary>
/// The reason codes QC reports. They are stable: the API, AnnotationRejected/Accepted, SiteStatisticsReported
/// ("qc-rejected:&lt;code&gt;") and the demo's report count by them.
/// </summary>
public static class QcCodes
{
    /// <summary>Error: the label blob is not in the site's blob store.</summary>
    public const string LabelMissing = "label-missing";

    /// <summary>Error: the label blob cannot be decoded in its media type.</summary>
    public const string LabelUnreadable = "label-unreadable";

    /// <summary>Error: a mask for a classification task, a class for a detection task, …</summary>
    public const string LabelKindMismatch = "label-kind-mismatch";

    /// <summary>Error: the mask is not the size of the image.</summary>
    public const string MaskSizeMismatch = "mask-size-mismatch";

    /// <summary>Error: a class id that is not in the task's class list.</summary>
    public const string ClassOutOfRange = "class-out-of-range";

    /// <summary>Error: the whole label counts classes from 1 instead of 0.</summary>
    public const string OneBasedLabels = "one-based-labels";

    /// <summary>Error: a binary mask drawn with 255 for the structure instead of its class id.</summary>
    public const string MaskScaled255 = "mask-scaled-255";

    /// <summary>Error where the task expects a structure in every image; a warning where the model had outlined one.</summary>
    public const string EmptyMask = "empty-mask";

    /// <summary>Error: a box reaches outside the image.</summary>
    public const string BoxOutsideImage = "box-outside-image";

    /// <summary>Error: a box with no width or no height.</summary>
    public const string BoxZeroArea = "box-zero-area";

    /// <summary>Warning: the label is the unedited pre-annotation on a task opened because the model was in doubt.</summary>
    public const string RubberStamp = "rubber-stamp";

    /// <summary>Warning (site level): the site's accepted classes drift from the federation's.</summary>
    public const string ClassDistributionDrift = "class-distribution-drift";

    /// <summary>Why a case was withdrawn: a site administrator rejected it after acceptance.</summary>
    public const string WithdrawnByAdministrator = "withdrawn-by-administrator";

    /// <summary>The OpenedBecause code of a random audit sample (the model was confident); every other code means doubt.</summary>
    public const string AuditSample = "audit-sample";
}
