namespace FedBus.Contracts;

/// <summary>A new global model passed validation and is now the one to use. Crosses hub → sites.</summary>
public sealed record GlobalModelPublished(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string ModelId,
    string ArchitectureId,
    TaskKind Task,
    int Version,
    Guid? RoundId,
    string WeightsSha256,
    byte[] Weights,
    IReadOnlyList<MetricValue> ValidationMetrics) : IFedBusMessage;
