namespace FedBus.ServiceDefaults.Messaging.Outbox;

public enum OutboxState
{
    /// <summary>Committed, not yet confirmed by the broker.</summary>
    Pending,

    /// <summary>Published and confirmed by the broker.</summary>
    Sent,

    /// <summary>Cannot be published (its message type is unknown to this build); kept for an operator, reported by /health.</summary>
    Failed,
}
