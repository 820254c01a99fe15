namespace FedBus.Contracts;

/// <summary>A case QC had accepted was rejected later (e.g. a third read disagreed): training drops it.</summary>
public sealed record CaseWithdrawn(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid CaseId,
    Guid TaskId,
    IReadOnlyList<QcFlag> Reasons) : ISiteMessage;
