using FedBus.Aggregation.Registry;

namespace FedBus.Aggregation.Api;

/// <summary>A site the hub knows: live or not, when last heard from, and its latest statistics per model.</summary>
public sealed record SiteView(string SiteId, bool Live, bool Configured, DateTimeOffset? LastHeardAt, IReadOnlyList<SiteStatistics> Statistics);
