using FedBus.Contracts;

namespace FedBus.ServiceDefaults.Tests.Outbox;

/// <summary>A message type the outbox was never told about.</summary>
public sealed record UnregisteredTestMessage(Guid MessageId, DateTimeOffset OccurredAt) : IFedBusMessage;
