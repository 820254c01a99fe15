namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// A delivery's exclusive right to apply one message, at a version of its inbox entry. Renewals move the version on;
/// the completion is a replace at the current version, so a claim that was taken over can no longer complete.
/// </summary>
public sealed class InboxClaim
{
    internal InboxClaim(string key, long version, InboxEntry entry)
    {
        Key = key;
        Version = version;
        Entry = entry;
    }

    public string Key { get; }
    public long Version { get; private set; }
    public InboxEntry Entry { get; private set; }

    internal void Renewed(InboxEntry entry)
    {
        Entry = entry;
        Version++;
    }
}
