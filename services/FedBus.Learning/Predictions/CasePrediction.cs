using FedBus.Learning.Uncertainty;

namespace FedBus.Learning.Predictions;

/// <summary>A model's answer for one image together with how much to doubt it.</summary>
public abstract record CasePrediction(UncertaintyReport Uncertainty)
{
    public abstract TaskKind Task { get; }
}
