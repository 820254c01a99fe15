namespace FedBus.Contracts;

/// <summary>
/// How one federated round runs. <see cref="ProximalMu"/> &gt; 0 makes sites train with FedProx's proximal term;
/// <see cref="KeepNormalizationLocal"/> is FedBN (normalisation layers stay at each site). The strategy's own numbers
/// (server learning rate, momentum, β1/β2/τ, trimmed fraction, Byzantine count …) are named values in
/// <see cref="StrategyParameters"/>; differential privacy is on when <see cref="ClipNorm"/> and
/// <see cref="NoiseMultiplier"/> are set.
/// </summary>
public sealed record RoundSettings(
    AggregationStrategy Strategy,
    IReadOnlyList<MetricValue> StrategyParameters,
    int LocalEpochs,
    double ProximalMu,
    bool KeepNormalizationLocal,
    double NewCaseWeight,
    int MinimumSites,
    TimeSpan UpdateDeadline,
    TimeSpan ValidationDeadline,
    double? ClipNorm,
    double? NoiseMultiplier);
