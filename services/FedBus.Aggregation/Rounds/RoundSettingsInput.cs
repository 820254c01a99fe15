using FedBus.Contracts;

namespace FedBus.Aggregation.Rounds;

/// <summary>
/// A round's settings as people write them — in configuration (a schedule) or in a JSON request — with defaults, mapped
/// to the contract's <see cref="RoundSettings"/>. Strategy names: FedAvg, FedAvgM, FedProx, FedAdam, FedYogi, FedAdagrad,
/// FedMedian, TrimmedMean, Krum, MultiKrum; parameters: <see cref="RoundSettingsMapper.ParameterNames"/>.
/// </summary>
public class RoundSettingsInput
{
    public string Strategy { get; set; } = nameof(AggregationStrategy.FedAvg);

    /// <summary>Named strategy numbers, e.g. {"trim-fraction": 0.2} or {"byzantine-sites": 1}.</summary>
    public Dictionary<string, double>? StrategyParameters { get; set; }

    public int LocalEpochs { get; set; } = 1;

    public double ProximalMu { get; set; }

    /// <summary>FedBN: normalisation layers stay at each site.</summary>
    public bool KeepNormalizationLocal { get; set; }

    /// <summary>How much more a case new since the site's last round weighs in local training.</summary>
    public double NewCaseWeight { get; set; } = 1;

    /// <summary>k: the round aggregates once it has this many updates (at the straggler deadline) or every invited site answered.</summary>
    public int MinimumSites { get; set; } = 1;

    public TimeSpan UpdateDeadline { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan ValidationDeadline { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Differential privacy: the clip norm C (with <see cref="NoiseMultiplier"/>).</summary>
    public double? ClipNorm { get; set; }

    /// <summary>Differential privacy: the noise multiplier σ (with <see cref="ClipNorm"/>).</summary>
    public double? NoiseMultiplier { get; set; }

    /// <summary>The contract settings; throws <see cref="ArgumentException"/> for an unknown strategy name.</summary>
    public RoundSettings ToSettings()
    {
        if (!Enum.TryParse<AggregationStrategy>(Strategy, ignoreCase: true, out var strategy) || !Enum.IsDefined(strategy) || int.TryParse(Strategy, out _))
            throw new ArgumentException($"Unknown strategy '{Strategy}'; known: {string.Join(", ", Enum.GetNames<AggregationStrategy>())}.");
        var parameters = (StrategyParameters ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new MetricValue(p.Key, p.Value)).ToList();
        return new RoundSettings(strategy, parameters, LocalEpochs, ProximalMu, KeepNormalizationLocal, NewCaseWeight, MinimumSites,
            UpdateDeadline, ValidationDeadline, ClipNorm, NoiseMultiplier);
    }
}
