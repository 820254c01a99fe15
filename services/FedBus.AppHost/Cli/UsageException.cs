namespace FedBus.AppHost.Cli;

/// <summary>Options that parse but do not make sense together (e.g. Krum with too few sites): a usage error.</summary>
public sealed class UsageException(string message) : Exception(message);
