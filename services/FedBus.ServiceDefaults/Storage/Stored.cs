namespace FedBus.ServiceDefaults.Storage;

/// <summary>A document as the store holds it: its id, the version the next replace must name, and the document.</summary>
public sealed record Stored<T>(string Id, long Version, T Document);
