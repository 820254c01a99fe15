namespace FedBus.QualityControl.Rules;

/// <summary>All label rules in order. A label of the wrong kind is reported alone: nothing else can be judged on it.</summary>
public sealed class LabelRules
{
    private readonly ILabelRule _kind = new LabelKindRule();
    private readonly IReadOnlyList<ILabelRule> _rules =
        [new MaskSizeRule(), new ClassIdsRule(), new EmptyMaskRule(), new BoxGeometryRule(), new RubberStampRule()];

    public IReadOnlyList<QcFinding> Check(LabelUnderReview review)
    {
        var kind = _kind.Check(review).ToList();
        return kind.Count > 0 ? kind : _rules.SelectMany(r => r.Check(review)).ToList();
    }
}
