namespace FedBus.Aggregation.Strategies;

/// <summary>
/// The privacy spent so far by a federation's noisy rounds: their count and the summed RDP coefficient
/// A = Σₜ 1/(2σₜ²) (see <see cref="GaussianRdpAccountant"/>). Kept in <see cref="ServerState"/> across rounds.
/// </summary>
public sealed record PrivacyLedger(int Rounds, double RdpCoefficient)
{
    public static PrivacyLedger Empty { get; } = new(0, 0);

    public PrivacyLedger After(double noiseMultiplier) =>
        new(Rounds + 1, RdpCoefficient + GaussianRdpAccountant.RoundCoefficient(noiseMultiplier));

    public (double Epsilon, double Order) Epsilon(double delta) => GaussianRdpAccountant.Epsilon(RdpCoefficient, delta);
}
