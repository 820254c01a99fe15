using FedBus.Learning.Uncertainty;

namespace FedBus.Learning.Predictions;

/// <summary>Detections after peak extraction, score threshold and per-class NMS, best first.</summary>
public sealed record DetectionPrediction(IReadOnlyList<Detection> Detections, UncertaintyReport Uncertainty)
    : CasePrediction(Uncertainty)
{
    public override TaskKind Task => TaskKind.Detection;
}
