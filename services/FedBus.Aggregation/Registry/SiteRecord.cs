namespace FedBus.Aggregation.Registry;

/// <summary>A site the hub has heard from (collection aggregation_sites, id = SiteId): when last, and its latest report per model.</summary>
public sealed record SiteRecord(string SiteId, DateTimeOffset LastHeardAt, IReadOnlyList<SiteStatistics> Statistics);
