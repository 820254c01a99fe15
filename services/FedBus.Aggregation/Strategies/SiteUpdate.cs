namespace FedBus.Aggregation.Strategies;

/// <summary>One site's update with its weights, for <see cref="Aggregator.Aggregate(AggregationSettings, WeightsView, IReadOnlyList{SiteUpdate}, ServerState?, long?)"/>.</summary>
public sealed record SiteUpdate(string SiteId, long SampleCount, WeightsView Weights, double? ValidationScore = null);
