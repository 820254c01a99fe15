using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation.Registry;

/// <summary>
/// One participating site's figures for a version: what it trained on and reported with its update, its share of the
/// aggregate, and its validation of the version (candidate) against the model current then.
/// </summary>
public sealed record SiteVersionFigures(
    string SiteId,
    int TrainingSamples,
    int ValidationSamples,
    double Share,
    IReadOnlyList<ReportedMetric> UpdateMetrics,
    int? ValidationCases,
    IReadOnlyList<ReportedMetric>? ValidationMetrics,
    IReadOnlyList<ReportedMetric>? PreviousModelMetrics);
