namespace FedBus.Contracts;

/// <summary>A named quality finding with a human-readable reason.</summary>
public sealed record QcFlag(string Code, string Message);
