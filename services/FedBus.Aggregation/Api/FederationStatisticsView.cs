using FedBus.Contracts;

namespace FedBus.Aggregation.Api;

/// <summary>The pooled class counts of every site's latest report for a model (what FederationStatisticsPublished carries).</summary>
public sealed record FederationStatisticsView(string ModelId, int ReportingSites, IReadOnlyList<ClassCount> AcceptedClassCounts);
