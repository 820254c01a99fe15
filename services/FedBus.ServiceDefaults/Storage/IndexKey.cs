namespace FedBus.ServiceDefaults.Storage;

/// <summary>One field of an index: a JSON path and its order.</summary>
public sealed record IndexKey(string Path, bool Descending = false);
