using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Rules;

/// <summary>A mask covers the image pixel for pixel: same rows, same columns.</summary>
public sealed class MaskSizeRule : ILabelRule
{
    public IEnumerable<QcFinding> Check(LabelUnderReview review)
    {
        if (review.Label is MaskLabel m && (m.Height != review.ImageRows || m.Width != review.ImageColumns))
            yield return QcFinding.Error(QcCodes.MaskSizeMismatch,
                $"The mask is {m.Width}×{m.Height} pixels but the image is {review.ImageColumns}×{review.ImageRows} (width×height). " +
                "Draw the mask on the image at its own size, without cropping or resizing.");
    }
}
