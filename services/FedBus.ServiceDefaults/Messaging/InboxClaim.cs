namespace FedBus.ServiceDefaults.Messaging;

/// <summary>A consumer's exclusive right to apply one message; complete it after the effect, abandon it on failure.</summary>
public sealed record InboxClaim(string Key, long Version, InboxEntry Entry);
