namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// This delivery's claim was taken over by another (its lease lapsed unrenewed), so its effect was not committed. The
/// retry waits for the other delivery's outcome: skipped if that one completed, applied if it gave up.
/// </summary>
public sealed class InboxClaimLostException(string key, Exception? inner = null)
    : Exception($"The inbox claim {key} was taken over by another delivery; this delivery's effect was not committed.", inner)
{
    public string Key { get; } = key;
}
