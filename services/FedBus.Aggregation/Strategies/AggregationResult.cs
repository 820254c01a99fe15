namespace FedBus.Aggregation.Strategies;

/// <summary>
/// A round's outcome: the candidate global weights, the server state to carry to the next round, what happened to
/// each site's update, the tensors kept local (FedBN), the privacy spent (with DP), and notes for the operator.
/// </summary>
public sealed record AggregationResult(
    StrategyKind Strategy,
    AggregatedWeights Weights,
    ServerState State,
    IReadOnlyList<SiteDecision> Sites,
    IReadOnlyList<string> LocalTensors,
    PrivacyReport? Privacy,
    IReadOnlyList<string> Notes);
