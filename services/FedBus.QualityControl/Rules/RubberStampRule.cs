namespace FedBus.QualityControl.Rules;

/// <summary>
/// A task opened because the model was in doubt came back exactly as the model had pre-filled it. That can be right,
/// so it is a warning: the label is accepted and carries the flag (and the reader's rate shows in the API). Audit
/// samples are not checked: the model was confident there, and confirming it is the expected answer.
/// </summary>
public sealed class RubberStampRule : ILabelRule
{
    public IEnumerable<QcFinding> Check(LabelUnderReview review)
    {
        if (review.OpenedForDoubt && review.Prefill is { } prefill && SameLabel.As(review.Label, prefill))
            yield return QcFinding.Warning(QcCodes.RubberStamp,
                $"The label is the model's pre-annotation, unchanged, on a task opened because the model was in doubt ({string.Join(", ", review.OpenedBecause)}). " +
                "Accepted and flagged: make sure the image was reviewed, not just confirmed.");
    }
}
