namespace FedBus.ServiceDefaults.Messaging;

/// <summary>Another delivery of the same message is being processed right now; the retry policy tries again later.</summary>
public sealed class MessageInProgressException(string key, DateTimeOffset leaseUntil)
    : Exception($"Message {key} is being processed by another delivery until {leaseUntil:O}.")
{
    public string Key { get; } = key;
}
