using FedBus.Contracts;

namespace FedBus.Aggregation.Rounds;

/// <summary>
/// A metric as a site reported it, kept in the store: <see cref="Value"/> is null when the site sent NaN or ±∞ (the
/// store's JSON has no such numbers, and a gate must see that the value was broken rather than missing).
/// </summary>
public sealed record ReportedMetric(string Name, double? Value)
{
    public static IReadOnlyList<ReportedMetric> From(IEnumerable<MetricValue>? metrics) =>
        metrics is null ? [] : [.. metrics.Where(m => m is not null && !string.IsNullOrEmpty(m.Name)).Select(m => new ReportedMetric(m.Name, double.IsFinite(m.Value) ? m.Value : null))];

    /// <summary>The finite ones, as the contracts carry them.</summary>
    public static IReadOnlyList<MetricValue> ToContract(IEnumerable<ReportedMetric> metrics) =>
        [.. metrics.Where(m => m.Value is not null).Select(m => new MetricValue(m.Name, m.Value!.Value))];
}
