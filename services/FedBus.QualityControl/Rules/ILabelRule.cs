namespace FedBus.QualityControl.Rules;

/// <summary>One check of a submitted label; no bus, no database.</summary>
public interface ILabelRule
{
    IEnumerable<QcFinding> Check(LabelUnderReview review);
}
