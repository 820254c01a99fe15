namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Central differential privacy at the hub, site-level (DP-FedAvg, McMahan et al. 2018): each site's change is clipped
/// to norm <see cref="ClipNorm"/> (C), the clipped changes are averaged with equal weights over the K sites of the
/// round, and Gaussian noise with standard deviation <see cref="NoiseMultiplier"/>·C/K (σ·C/K) is added to every
/// coordinate of that average — the Gaussian mechanism with noise multiplier σ on the sum, whose add/remove-one-site
/// sensitivity is C. <see cref="Delta"/> is the δ at which ε is reported.
/// </summary>
public sealed record DifferentialPrivacySettings(double ClipNorm, double NoiseMultiplier, double Delta = 1e-5)
{
    public void Validate()
    {
        if (!(ClipNorm > 0) || !double.IsFinite(ClipNorm)) throw new ArgumentException($"DP clip norm C must be finite and > 0, got {ClipNorm}.");
        if (!(NoiseMultiplier > 0) || !double.IsFinite(NoiseMultiplier)) throw new ArgumentException($"DP noise multiplier σ must be finite and > 0, got {NoiseMultiplier}.");
        if (!(Delta > 0 && Delta < 1)) throw new ArgumentException($"DP δ must lie in (0, 1), got {Delta}.");
    }
}
