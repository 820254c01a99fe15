namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// A dispatcher's heartbeat (id = its owner name): renewed while the process lives, whether or not the broker answers.
/// Pending entries of a writer whose heartbeat lapsed (<paramref name="AliveUntil"/> passed) are taken over by a sweep.
/// </summary>
public sealed record OutboxWriter(DateTimeOffset StartedAt, DateTimeOffset AliveUntil);
