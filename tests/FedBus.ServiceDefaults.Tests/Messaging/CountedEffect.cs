namespace FedBus.ServiceDefaults.Tests.Messaging;

public sealed record CountedEffect(Guid MessageId);
