namespace FedBus.BrainMri;

/// <summary>Gaussian: x + n. Rician: |x + n₁ + i·n₂|, the magnitude-image noise of MRI (biased up in dark areas).</summary>
public enum NoiseKind
{
    Gaussian,
    Rician,
}
