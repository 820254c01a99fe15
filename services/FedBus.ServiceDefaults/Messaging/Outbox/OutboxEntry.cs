namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// One event (or command) committed with the state change that caused it, waiting to be published. Its id
/// ("{ticks:D19}-{writer tag}") orders entries by commit, and within a commit by the order they were added.
/// <paramref name="Destination"/> is null for a publish, a send address (e.g. "queue:training") for a send.
/// <paramref name="Owner"/> is the dispatcher that publishes it (see <see cref="OutboxWriter"/>): another one takes it
/// over only when that one's heartbeat lapsed. <paramref name="TraceParent"/> links the publish to the committing trace.
/// </summary>
public sealed record OutboxEntry(
    Guid MessageId,
    string MessageType,
    string Payload,
    string? Destination,
    string? TraceParent,
    OutboxState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    string Owner,
    int Attempts,
    string? LastError);
