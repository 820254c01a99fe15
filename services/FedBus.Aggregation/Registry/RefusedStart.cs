namespace FedBus.Aggregation.Registry;

/// <summary>A StartTrainingRound command from the bus the hub could not carry out (collection aggregation_refused_starts, id = MessageId).</summary>
public sealed record RefusedStart(Guid MessageId, string ModelId, string RequestedBy, string Code, string Reason, DateTimeOffset At);
