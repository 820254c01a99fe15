namespace FedBus.Aggregation.Rounds;

/// <summary>
/// Differential privacy of a round: noise multiplier σ, clip norm C, sites averaged K, noise σ·C/K per coordinate of the
/// average, and the federation's (ε, δ) after <see cref="Rounds"/> noisy rounds (this one included).
/// </summary>
public sealed record PrivacyFigures(double NoiseMultiplier, double ClipNorm, int Sites, double NoiseStdDev, int Rounds, double Epsilon, double Delta);
