namespace FedBus.Ingestion.Index;

/// <summary>
/// An association (on any replica) that has sent new instances of a study and not yet ended. Its replica refreshes
/// <see cref="LastSeenAt"/> while it is open, so a sender whose process died stops holding the study after the settle time.
/// </summary>
public sealed record StudySender(Guid AssociationId, DateTimeOffset LastSeenAt);
