namespace FedBus.Contracts;

/// <summary>
/// What every FedBus message carries: an id that makes redelivery harmless and the moment it happened.
/// </summary>
public interface IFedBusMessage
{
    /// <summary>
    /// Stable id of this message: a redelivered or republished copy carries the same id. A consumer built on
    /// ServiceDefaults' IdempotentConsumer commits the store effect of a given id exactly once (work outside the store
    /// may repeat; see IdempotentConsumer). Ids of effects derive from it, so a repeat is a no-op.
    /// </summary>
    Guid MessageId { get; }

    /// <summary>When the fact happened (events) or the command was issued, UTC.</summary>
    DateTimeOffset OccurredAt { get; }
}
