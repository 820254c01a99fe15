namespace FedBus.Contracts;

/// <summary>
/// What every FedBus message carries: an id that makes redelivery harmless and the moment it happened.
/// </summary>
public interface IFedBusMessage
{
    /// <summary>Stable id of this message; a consumer applies a given id at most once.</summary>
    Guid MessageId { get; }

    /// <summary>When the fact happened (events) or the command was issued, UTC.</summary>
    DateTimeOffset OccurredAt { get; }
}
