namespace FedBus.Aggregation.Strategies;

/// <summary>
/// A round's aggregation recipe: the strategy and its parameters. Plain data (JSON-friendly) so the service can keep
/// it with the round and send the client-side parts (<see cref="ProximalMu"/>, <see cref="KeepNormalisationLocal"/>)
/// to the sites with the round start.
/// </summary>
public sealed record AggregationSettings
{
    public StrategyKind Strategy { get; init; } = StrategyKind.FedAvg;

    /// <summary>
    /// FedBN: normalisation layers (<see cref="NormalisationLayers"/>) are not aggregated — the new global keeps the
    /// previous global's values and each site keeps its own. Implied by <see cref="StrategyKind.FedBN"/>; combinable with any strategy.
    /// </summary>
    public bool KeepNormalisationLocal { get; init; }

    /// <summary>FedProx μ (≥ 0): a client-side term only; the hub aggregates exactly as FedAvg.</summary>
    public double ProximalMu { get; init; }

    /// <summary>Server learning rate η. Default: 1 for FedAvgM, 0.1 for FedAdam/FedYogi/FedAdagrad (tune it: Reddi et al. grid-search it per task).</summary>
    public double? ServerLearningRate { get; init; }

    /// <summary>FedAvgM's server momentum β.</summary>
    public double ServerMomentum { get; init; } = 0.9;

    /// <summary>FedOpt β1 (first moment).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>FedOpt β2 (second moment; unused by FedAdagrad).</summary>
    public double Beta2 { get; init; } = 0.99;

    /// <summary>FedOpt τ: adaptivity floor, v starts at τ² (Reddi et al. 2021, Algorithm 2).</summary>
    public double Tau { get; init; } = 1e-3;

    /// <summary>Trimmed mean: the fraction β ∈ [0, 0.5) of the values dropped at each end (⌊β·K⌋ each side).</summary>
    public double TrimFraction { get; init; } = 0.1;

    /// <summary>Krum / Multi-Krum: the number f of Byzantine sites tolerated (needs K ≥ 2f + 3).</summary>
    public int ByzantineSites { get; init; } = 1;

    /// <summary>Multi-Krum: the number m of updates averaged; null = K − f.</summary>
    public int? KrumSelected { get; init; }

    /// <summary>Largest share of the aggregate one site may have (e.g. 0.5); the excess goes to the others in proportion.</summary>
    public double? MaxSiteShare { get; init; }

    /// <summary>Weight each site by samples × its validation score in [0, 1] (a site without a score is left out).</summary>
    public bool WeightByValidationScore { get; init; }

    /// <summary>Norm outlier screen; null switches it off. Not applied under <see cref="Privacy"/> (clipping to C bounds every update).</summary>
    public NormOutlierPolicy? NormOutliers { get; init; } = new();

    /// <summary>Central differential privacy; only with the mean-based strategies (FedAvg, FedProx, FedBN, FedAvgM, FedOpt).</summary>
    public DifferentialPrivacySettings? Privacy { get; init; }

    public bool KeepsNormalisationLocal => KeepNormalisationLocal || Strategy == StrategyKind.FedBN;

    /// <summary>The strategies whose aggregate is a weighted mean (and so can accumulate update by update).</summary>
    public bool IsMeanBased => Strategy is StrategyKind.FedAvg or StrategyKind.FedProx or StrategyKind.FedBN or StrategyKind.FedAvgM
        or StrategyKind.FedAdam or StrategyKind.FedYogi or StrategyKind.FedAdagrad;

    /// <summary>The strategies with a server optimizer whose state lives in <see cref="ServerState"/>.</summary>
    public bool HasServerOptimizer => Strategy is StrategyKind.FedAvgM or StrategyKind.FedAdam or StrategyKind.FedYogi or StrategyKind.FedAdagrad;

    public double EffectiveServerLearningRate => ServerLearningRate ?? (Strategy == StrategyKind.FedAvgM ? 1.0 : 0.1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter that is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Strategy)) throw new ArgumentException($"Unknown strategy {(int)Strategy}.");
        if (!(ProximalMu >= 0) || !double.IsFinite(ProximalMu)) throw new ArgumentException($"FedProx μ must be finite and ≥ 0, got {ProximalMu}.");
        if (ServerLearningRate is { } eta && (!(eta > 0) || !double.IsFinite(eta))) throw new ArgumentException($"Server learning rate η must be finite and > 0, got {eta}.");
        if (!(ServerMomentum >= 0 && ServerMomentum < 1)) throw new ArgumentException($"Server momentum must lie in [0, 1), got {ServerMomentum}.");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentException($"β1 must lie in [0, 1), got {Beta1}.");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentException($"β2 must lie in [0, 1), got {Beta2}.");
        if (!(Tau > 0) || !double.IsFinite(Tau)) throw new ArgumentException($"τ must be finite and > 0, got {Tau}.");
        if (!(TrimFraction >= 0 && TrimFraction < 0.5)) throw new ArgumentException($"Trim fraction β must lie in [0, 0.5), got {TrimFraction}.");
        if (ByzantineSites < 0) throw new ArgumentException($"Krum's f must be ≥ 0, got {ByzantineSites}.");
        if (KrumSelected is < 1) throw new ArgumentException($"Multi-Krum's m must be ≥ 1, got {KrumSelected}.");
        if (MaxSiteShare is { } cap && !(cap > 0 && cap <= 1)) throw new ArgumentException($"Max site share must lie in (0, 1], got {cap}.");
        NormOutliers?.Validate();
        if (Privacy is not null)
        {
            Privacy.Validate();
            if (!IsMeanBased)
                throw new ArgumentException($"Differential privacy is offered with the mean-based strategies only; {Strategy} is an order statistic the Gaussian-sum accounting does not cover.");
        }
    }
}
