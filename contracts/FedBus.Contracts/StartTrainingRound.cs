namespace FedBus.Contracts;

/// <summary>An ML engineer (or the schedule) asks the hub to run one federated round.</summary>
public sealed record StartTrainingRound(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string ModelId,
    AggregationStrategy Strategy,
    int LocalEpochs,
    double ProximalMu,
    int MinimumSites,
    TimeSpan Deadline,
    string RequestedBy) : IFedBusMessage;
