namespace FedBus.Contracts;

/// <summary>
/// The hub's pooled class distribution of accepted labels over every reporting site, so each site's QC can see its
/// own drift from the federation. Crosses hub → sites.
/// </summary>
public sealed record FederationStatisticsPublished(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string ModelId,
    int ReportingSites,
    IReadOnlyList<ClassCount> AcceptedClassCounts) : IFedBusMessage;
