namespace FedBus.Contracts;

/// <summary>
/// A global model version is now the one to use. <see cref="Publication"/> increases with every publication of the
/// model, a rollback included, so a site adopts the message with the highest publication number whatever the order
/// of delivery. Crosses hub → sites.
/// </summary>
public sealed record GlobalModelPublished(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string ModelId,
    string ArchitectureId,
    TaskKind Task,
    LabelSchema Labels,
    int ModelVersion,
    long Publication,
    IReadOnlyList<int> ParentVersions,
    Guid? RoundId,
    ModelWeights Weights,
    IReadOnlyList<MetricValue> ValidationMetrics,
    bool IsRollback) : IFedBusMessage;
