using FedBus.Contracts;

namespace FedBus.ServiceDefaults.Tests.Outbox;

/// <summary>A message type outside FedBus.Contracts, registered for the outbox in the tests that use it.</summary>
public sealed record OutboxTestMessage(Guid MessageId, DateTimeOffset OccurredAt, string Note) : IFedBusMessage;
