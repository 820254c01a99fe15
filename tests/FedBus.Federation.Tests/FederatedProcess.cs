using FedBus.Testing;

namespace FedBus.Federation.Tests;

/// <summary>One service of the federation running from its build output; <see cref="Url"/> is where it listens.</summary>
public sealed record FederatedProcess(string Name, Uri Url, ExternalProcess Process);
