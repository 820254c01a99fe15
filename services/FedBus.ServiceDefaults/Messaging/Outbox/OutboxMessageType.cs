namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>A message type outside FedBus.Contracts that the outbox may carry (registered with AddOutboxMessageType).</summary>
public sealed record OutboxMessageType(Type Type);
