using FedBus.Aggregation.Rounds;
using FedBus.Contracts;

namespace FedBus.Aggregation.Registry;

/// <summary>A site's latest statistics report for one model (counts only, already thresholded by the site).</summary>
public sealed record SiteStatistics(string ModelId, Guid MessageId, DateTimeOffset ReportedAt, IReadOnlyList<ReportedMetric> Counts, IReadOnlyList<ClassCount> AcceptedClassCounts)
{
    public double? Count(string name) => Counts.FirstOrDefault(c => c.Name == name)?.Value;
}
