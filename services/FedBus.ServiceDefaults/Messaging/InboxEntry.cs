namespace FedBus.ServiceDefaults.Messaging;

/// <summary>The inbox's record that a consumer has taken, or finished, one message.</summary>
public sealed record InboxEntry(InboxState State, string Consumer, Guid MessageId, DateTimeOffset ClaimedAt, DateTimeOffset LeaseUntil, DateTimeOffset? CompletedAt);
