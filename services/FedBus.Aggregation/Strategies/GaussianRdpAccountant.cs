namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Rényi-DP accounting for the Gaussian mechanism without subsampling (every accepted site is in the round; no
/// amplification is claimed). One round with noise multiplier σ is (α, α/(2σ²))-RDP for every order α &gt; 1
/// (Mironov 2017, Prop. 7); rounds compose by adding, so T rounds give (α, A·α) with A = Σₜ 1/(2σₜ²). Converted to
/// (ε, δ)-DP with Mironov's Prop. 3, ε = A·α + ln(1/δ)/(α − 1), minimised over real α &gt; 1 in closed form:
/// α* = 1 + √(ln(1/δ)/A) and ε = A + 2·√(A·ln(1/δ)).
/// </summary>
public static class GaussianRdpAccountant
{
    /// <summary>The RDP coefficient one round adds: ε_RDP(α) = α · this.</summary>
    public static double RoundCoefficient(double noiseMultiplier)
    {
        if (!(noiseMultiplier > 0) || !double.IsFinite(noiseMultiplier)) throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), noiseMultiplier, "σ must be finite and > 0.");
        return 1.0 / (2 * noiseMultiplier * noiseMultiplier);
    }

    /// <summary>(ε, best order α) for an accumulated coefficient A at <paramref name="delta"/>; ε = 0 before any round.</summary>
    public static (double Epsilon, double Order) Epsilon(double coefficient, double delta)
    {
        if (!(coefficient >= 0) || !double.IsFinite(coefficient)) throw new ArgumentOutOfRangeException(nameof(coefficient), coefficient, "A must be finite and ≥ 0.");
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must lie in (0, 1).");
        if (coefficient == 0) return (0, double.PositiveInfinity);
        double logInvDelta = -Math.Log(delta);
        return (coefficient + 2 * Math.Sqrt(coefficient * logInvDelta), 1 + Math.Sqrt(logInvDelta / coefficient));
    }
}
