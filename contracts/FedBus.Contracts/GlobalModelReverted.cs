namespace FedBus.Contracts;

/// <summary>
/// A rollback: an ML engineer made an older version current again. A <see cref="GlobalModelPublished"/> carrying that
/// version (with <c>IsRollback</c> set and a higher publication number) follows.
/// </summary>
public sealed record GlobalModelReverted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string ModelId,
    int FromVersion,
    int ToVersion,
    string Reason,
    string RequestedBy) : IFedBusMessage;
