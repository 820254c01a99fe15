namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>An outbox entry this dispatcher is about to publish, with the version its next write must name.</summary>
internal sealed class PendingOutboxEntry(string id, long version, OutboxEntry entry)
{
    public string Id { get; } = id;
    public long Version { get; private set; } = version;
    public OutboxEntry Entry { get; private set; } = entry;

    public void Replaced(OutboxEntry entry)
    {
        Entry = entry;
        Version++;
    }
}
