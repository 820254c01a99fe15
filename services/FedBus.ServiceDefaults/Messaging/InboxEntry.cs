namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// The inbox's record that a consumer holds (<see cref="InboxState.Processing"/>, until <paramref name="LeaseUntil"/>)
/// or has applied (<see cref="InboxState.Completed"/>) one message. <paramref name="Holder"/> names the process that
/// claimed it last (machine, process id, a random tag), for logs.
/// </summary>
public sealed record InboxEntry(
    InboxState State, string Consumer, Guid MessageId, DateTimeOffset ClaimedAt, DateTimeOffset LeaseUntil, DateTimeOffset? CompletedAt, string Holder);
