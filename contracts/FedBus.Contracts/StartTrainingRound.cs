namespace FedBus.Contracts;

/// <summary>An ML engineer (or the schedule) asks the hub to run one federated round of a model.</summary>
public sealed record StartTrainingRound(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string ModelId,
    RoundSettings Settings,
    IReadOnlyList<string>? Sites,
    string RequestedBy) : IFedBusMessage;
