namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>A message added to a unit of work, serialised when it was added.</summary>
internal sealed record OutboxMessage(Guid MessageId, string MessageType, string Payload, string? Destination, string? TraceParent);
