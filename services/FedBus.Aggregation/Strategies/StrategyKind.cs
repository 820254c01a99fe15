namespace FedBus.Aggregation.Strategies;

/// <summary>How a round combines the accepted updates into the next global model.</summary>
public enum StrategyKind
{
    /// <summary>Sample-weighted mean of the site weights (McMahan et al. 2017).</summary>
    FedAvg,

    /// <summary>
    /// FedAvg at the hub; the proximal term μ/2·‖w − w_global‖² is added to each site's training loss
    /// (Li et al. 2020), so <see cref="AggregationSettings.ProximalMu"/> travels to the sites with the round.
    /// </summary>
    FedProx,

    /// <summary>FedAvg followed by server momentum (Hsu et al. 2019): v ← β·v + Δ, w ← w + η·v.</summary>
    FedAvgM,

    /// <summary>FedOpt with Adam at the server (Reddi et al. 2021).</summary>
    FedAdam,

    /// <summary>FedOpt with Yogi at the server (Reddi et al. 2021).</summary>
    FedYogi,

    /// <summary>FedOpt with Adagrad at the server (Reddi et al. 2021).</summary>
    FedAdagrad,

    /// <summary>Coordinate-wise median of the updates (Yin et al. 2018); sample counts are ignored.</summary>
    FedMedian,

    /// <summary>Coordinate-wise mean after dropping the ⌊β·K⌋ smallest and largest values (Yin et al. 2018).</summary>
    TrimmedMean,

    /// <summary>The one update closest to its K−f−2 nearest neighbours (Blanchard et al. 2017).</summary>
    Krum,

    /// <summary>The mean of the m updates with the best Krum scores (Blanchard et al. 2017).</summary>
    MultiKrum,

    /// <summary>FedAvg with normalisation layers kept local (Li et al. 2021): <see cref="AggregationSettings.KeepNormalisationLocal"/>.</summary>
    FedBN,
}
