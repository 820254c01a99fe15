using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Rules;

/// <summary>
/// A mask with nothing but background: an error where every image of the task shows the structure (configured per
/// model); otherwise a warning when the model had outlined something, because erasing it all may be an accident.
/// </summary>
public sealed class EmptyMaskRule : ILabelRule
{
    public IEnumerable<QcFinding> Check(LabelUnderReview review)
    {
        if (review.Label is not MaskLabel m || m.ClassIds.AsSpan().ContainsAnyExcept((byte)0)) yield break;

        var structure = review.ClassCount > 1 ? review.Labels.ClassNames[1] : "the structure";
        if (review.StructureExpected)
            yield return QcFinding.Error(QcCodes.EmptyMask,
                $"The mask is empty, but every image of this task shows {structure}. Outline it, or skip the task if this image cannot show it.");
        else if (review.Prefill is MaskLabel p && p.ClassIds.AsSpan().ContainsAnyExcept((byte)0))
            yield return QcFinding.Warning(QcCodes.EmptyMask,
                "The mask is empty although the model had outlined a structure; accepted as \"nothing to outline in this image\".");
    }
}
