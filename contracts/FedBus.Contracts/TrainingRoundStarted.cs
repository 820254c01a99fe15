namespace FedBus.Contracts;

/// <summary>
/// The hub opened a round: every invited site trains locally from the given global weights.
/// Crosses hub → sites. Weights travel inline as safetensors bytes.
/// </summary>
public sealed record TrainingRoundStarted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    Guid RoundId,
    string ModelId,
    string ArchitectureId,
    TaskKind Task,
    int BaseModelVersion,
    string BaseWeightsSha256,
    byte[] BaseWeights,
    AggregationStrategy Strategy,
    int LocalEpochs,
    double ProximalMu,
    DateTimeOffset Deadline,
    IReadOnlyList<string> InvitedSites) : IFedBusMessage;
