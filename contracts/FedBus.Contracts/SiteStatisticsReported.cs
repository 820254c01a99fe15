namespace FedBus.Contracts;

/// <summary>
/// Aggregate counts a site shares with the hub: no case-level data. <see cref="Counts"/> are named totals
/// ("studies-received", "tasks-opened", "annotations-accepted", "qc-rejected:one-based-labels", "accepted-cases",
/// "new-accepted-cases" …); every count and class cell below <see cref="MinimumCellCount"/> is reported as 0 so a
/// rare case cannot be singled out. Crosses site → hub.
/// </summary>
public sealed record SiteStatisticsReported(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    string ModelId,
    int MinimumCellCount,
    IReadOnlyList<MetricValue> Counts,
    IReadOnlyList<ClassCount> AcceptedClassCounts) : ISiteMessage;
