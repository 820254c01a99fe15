using FedBus.Learning.Uncertainty;

namespace FedBus.Learning.Predictions;

/// <summary>Predicted class (argmax) and the MC-mean class probabilities.</summary>
public sealed record ClassificationPrediction(int ClassId, float[] Probabilities, UncertaintyReport Uncertainty)
    : CasePrediction(Uncertainty)
{
    public override TaskKind Task => TaskKind.Classification;
}
