namespace FedBus.Contracts;

/// <summary>One site's figures for a gate decision: its validation cases and the candidate's and current model's metrics.</summary>
public sealed record SiteValidation(
    string SiteId,
    int ValidationCases,
    IReadOnlyList<MetricValue> CandidateMetrics,
    IReadOnlyList<MetricValue> CurrentMetrics);
