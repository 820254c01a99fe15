using FedBus.Learning.Uncertainty;

namespace FedBus.Learning.Predictions;

/// <summary>Predicted class per pixel (argmax of the MC-mean probabilities), row-major H×W.</summary>
/// <param name="ForegroundProbability">Per pixel, 1 − p̄(background): handy for overlays and QC.</param>
public sealed record SegmentationPrediction(int Height, int Width, byte[] Mask, float[] ForegroundProbability, UncertaintyReport Uncertainty)
    : CasePrediction(Uncertainty)
{
    public override TaskKind Task => TaskKind.Segmentation;
}
