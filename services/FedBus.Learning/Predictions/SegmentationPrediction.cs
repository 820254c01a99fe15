using FedBus.Learning.Uncertainty;

namespace FedBus.Learning.Predictions;

/// <summary>Predicted class per pixel (argmax of the MC-mean probabilities), row-major H×W.</summary>
/// <param name="ForegroundProbability">Per pixel, 1 − p̄(background): handy for overlays and QC.</param>
/// <param name="EntropyMap">Per pixel, normalised predictive entropy (0..1): the uncertainty overlay for the radiologist.</param>
/// <param name="MutualInformationMap">Per pixel, normalised mutual information (BALD; all 0 for one pass).</param>
public sealed record SegmentationPrediction(
    int Height, int Width, byte[] Mask, float[] ForegroundProbability, float[] EntropyMap, float[] MutualInformationMap, UncertaintyReport Uncertainty)
    : CasePrediction(Uncertainty)
{
    public override TaskKind Task => TaskKind.Segmentation;
}
