namespace FedBus.Contracts;

/// <summary>
/// A study finished arriving at a site (association released or the settle time passed without new instances).
/// Site-internal: it names the study and never leaves the site. It carries no patient id or name: no consumer
/// needs them, and what is not in a message cannot leak from it.
/// </summary>
public sealed record StudyReceived(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    string StudyInstanceUid,
    string? AccessionNumber,
    string CallingAeTitle,
    IReadOnlyList<ReceivedSeries> Series) : ISiteMessage;
