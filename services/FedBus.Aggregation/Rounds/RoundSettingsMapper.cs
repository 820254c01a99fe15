using System.Globalization;
using FedBus.Aggregation.Strategies;
using FedBus.Contracts;

namespace FedBus.Aggregation.Rounds;

/// <summary>
/// Turns a round's contract settings into the strategies' <see cref="AggregationSettings"/>, checking every number.
/// Strategy parameters are named values (<see cref="ParameterNames"/>); an unknown name or a value out of range is an
/// <see cref="ArgumentException"/> that names it.
/// </summary>
public static class RoundSettingsMapper
{
    public const string ServerLearningRate = "server-learning-rate";
    public const string ServerMomentum = "server-momentum";
    public const string Beta1 = "beta1";
    public const string Beta2 = "beta2";
    public const string Tau = "tau";
    public const string TrimFraction = "trim-fraction";
    public const string ByzantineSites = "byzantine-sites";
    public const string KrumSelected = "krum-selected";
    public const string MaxSiteShare = "max-site-share";
    public const string WeightByValidationScore = "weight-by-validation-score";
    public const string NormOutliers = "norm-outliers";
    public const string NormOutlierFactor = "norm-outlier-factor";
    public const string NormOutlierClip = "norm-outlier-clip";
    public const string NormOutlierMinimumSites = "norm-outlier-minimum-sites";
    public const string PrivacyDelta = "dp-delta";

    public static IReadOnlyList<string> ParameterNames { get; } =
    [
        ServerLearningRate, ServerMomentum, Beta1, Beta2, Tau, TrimFraction, ByzantineSites, KrumSelected, MaxSiteShare,
        WeightByValidationScore, NormOutliers, NormOutlierFactor, NormOutlierClip, NormOutlierMinimumSites, PrivacyDelta,
    ];

    /// <summary>Checks the round-level numbers and maps the strategy; throws <see cref="ArgumentException"/> naming the first problem.</summary>
    public static AggregationSettings ToAggregationSettings(RoundSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Enum.IsDefined(settings.Strategy)) throw new ArgumentException($"Unknown strategy {(int)settings.Strategy}.");
        if (settings.LocalEpochs < 1) throw new ArgumentException($"LocalEpochs must be ≥ 1, got {settings.LocalEpochs}.");
        if (!(settings.NewCaseWeight > 0) || !double.IsFinite(settings.NewCaseWeight)) throw new ArgumentException($"NewCaseWeight must be a finite number > 0, got {Text(settings.NewCaseWeight)}.");
        if (settings.MinimumSites < 1) throw new ArgumentException($"MinimumSites must be ≥ 1, got {settings.MinimumSites}.");
        if (settings.UpdateDeadline <= TimeSpan.Zero) throw new ArgumentException($"UpdateDeadline must be positive, got {settings.UpdateDeadline}.");
        if (settings.ValidationDeadline <= TimeSpan.Zero) throw new ArgumentException($"ValidationDeadline must be positive, got {settings.ValidationDeadline}.");
        if (settings.ClipNorm is null != settings.NoiseMultiplier is null)
            throw new ArgumentException("Differential privacy needs both ClipNorm and NoiseMultiplier (or neither).");

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in settings.StrategyParameters ?? [])
        {
            if (p is null || string.IsNullOrWhiteSpace(p.Name)) throw new ArgumentException("A strategy parameter has no name.");
            if (!ParameterNames.Contains(p.Name))
                throw new ArgumentException($"Unknown strategy parameter '{p.Name}'; known: {string.Join(", ", ParameterNames)}.");
            if (!double.IsFinite(p.Value)) throw new ArgumentException($"Strategy parameter '{p.Name}' must be a finite number.");
            if (!values.TryAdd(p.Name, p.Value)) throw new ArgumentException($"Strategy parameter '{p.Name}' is given twice.");
        }

        var result = new AggregationSettings
        {
            Strategy = settings.Strategy switch
            {
                AggregationStrategy.FedAvg => StrategyKind.FedAvg,
                AggregationStrategy.FedAvgM => StrategyKind.FedAvgM,
                AggregationStrategy.FedProx => StrategyKind.FedProx,
                AggregationStrategy.FedAdam => StrategyKind.FedAdam,
                AggregationStrategy.FedYogi => StrategyKind.FedYogi,
                AggregationStrategy.FedAdagrad => StrategyKind.FedAdagrad,
                AggregationStrategy.FedMedian => StrategyKind.FedMedian,
                AggregationStrategy.TrimmedMean => StrategyKind.TrimmedMean,
                AggregationStrategy.Krum => StrategyKind.Krum,
                AggregationStrategy.MultiKrum => StrategyKind.MultiKrum,
                _ => throw new ArgumentException($"Unknown strategy {settings.Strategy}."),
            },
            KeepNormalisationLocal = settings.KeepNormalizationLocal,
            ProximalMu = settings.ProximalMu,
            ServerLearningRate = Get(values, ServerLearningRate),
            ServerMomentum = Get(values, ServerMomentum) ?? 0.9,
            Beta1 = Get(values, Beta1) ?? 0.9,
            Beta2 = Get(values, Beta2) ?? 0.99,
            Tau = Get(values, Tau) ?? 1e-3,
            TrimFraction = Get(values, TrimFraction) ?? 0.1,
            ByzantineSites = Whole(values, ByzantineSites) ?? 1,
            KrumSelected = Whole(values, KrumSelected),
            MaxSiteShare = Get(values, MaxSiteShare),
            WeightByValidationScore = Flag(values, WeightByValidationScore) ?? false,
            NormOutliers = Flag(values, NormOutliers) == false
                ? null
                : new NormOutlierPolicy(
                    Get(values, NormOutlierFactor) ?? 3.0,
                    Flag(values, NormOutlierClip) == true ? NormOutlierAction.Clip : NormOutlierAction.Reject,
                    Whole(values, NormOutlierMinimumSites) ?? 3),
            Privacy = settings.ClipNorm is { } c && settings.NoiseMultiplier is { } s
                ? new DifferentialPrivacySettings(c, s, Get(values, PrivacyDelta) ?? 1e-5)
                : null,
        };
        result.Validate();
        if (result.Strategy is StrategyKind.Krum or StrategyKind.MultiKrum && settings.MinimumSites < 2 * result.ByzantineSites + 3)
            throw new ArgumentException(
                $"{result.Strategy} with f = {result.ByzantineSites} needs at least {2 * result.ByzantineSites + 3} updates; MinimumSites is {settings.MinimumSites}.");
        return result;
    }

    /// <summary>The named validation score of an update for score weighting: "validation-&lt;metric&gt;-after" in [0, 1].</summary>
    public static double? ValidationScore(IEnumerable<ReportedMetric> updateMetrics, string? gateMetric)
    {
        var name = gateMetric is null ? null : $"validation-{gateMetric}-after";
        var m = updateMetrics.FirstOrDefault(x => name is null
            ? x.Name.StartsWith("validation-", StringComparison.Ordinal) && x.Name.EndsWith("-after", StringComparison.Ordinal)
            : x.Name == name);
        return m?.Value;
    }

    private static double? Get(Dictionary<string, double> values, string name) => values.TryGetValue(name, out var v) ? v : null;

    private static int? Whole(Dictionary<string, double> values, string name)
    {
        if (!values.TryGetValue(name, out var v)) return null;
        if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue) throw new ArgumentException($"Strategy parameter '{name}' must be a whole number, got {Text(v)}.");
        return (int)v;
    }

    private static bool? Flag(Dictionary<string, double> values, string name)
    {
        if (!values.TryGetValue(name, out var v)) return null;
        return v switch
        {
            0 => false,
            1 => true,
            _ => throw new ArgumentException($"Strategy parameter '{name}' is a switch: 0 or 1, got {Text(v)}."),
        };
    }

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
