namespace FedBus.Aggregation.Rounds;

/// <summary>
/// The gate's decision with its figures: the metric, the validation-case-weighted candidate and current values and their
/// change against the overall tolerance, and every site's own figures.
/// </summary>
public sealed record GateReport(
    bool Publish,
    string Reason,
    string? Metric,
    double? Candidate,
    double? Current,
    double? Change,
    double Tolerance,
    int ValidationCases,
    IReadOnlyList<SiteGateFigures> Sites);
