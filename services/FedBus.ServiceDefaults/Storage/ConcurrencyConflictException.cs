namespace FedBus.ServiceDefaults.Storage;

/// <summary>Someone replaced or deleted the document since it was read: re-read and decide again.</summary>
public sealed class ConcurrencyConflictException(string collection, string id, long expectedVersion)
    : Exception($"Document '{id}' in '{collection}' is no longer at version {expectedVersion}.")
{
    public string Collection { get; } = collection;
    public string Id { get; } = id;
    public long ExpectedVersion { get; } = expectedVersion;
}
