namespace FedBus.Aggregation.Strategies;

/// <summary>
/// The differential privacy of a round and of the federation so far: noise multiplier σ, clip norm C, the K sites
/// averaged, the noise standard deviation σ·C/K added to each coordinate of the average, and (ε, δ) after
/// <see cref="Rounds"/> noisy rounds (RDP order <see cref="Order"/> attained the minimum).
/// </summary>
public sealed record PrivacyReport(
    double NoiseMultiplier,
    double ClipNorm,
    int Sites,
    double NoiseStdDev,
    int Rounds,
    double Epsilon,
    double Delta,
    double Order);
