namespace FedBus.Deployment.Tests;

/// <summary>A user of deploy/rabbitmq/definitions.json.</summary>
internal sealed record BrokerUser(string Name, IReadOnlyList<string> Tags);
