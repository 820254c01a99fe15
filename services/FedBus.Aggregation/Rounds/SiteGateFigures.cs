namespace FedBus.Aggregation.Rounds;

/// <summary>
/// One site at the gate: its validation cases, the candidate's and the current model's metric, the change, the drop the
/// site tolerates, whether it passed, and what was wrong with its figures (null when nothing).
/// </summary>
public sealed record SiteGateFigures(
    string SiteId, int ValidationCases, double? Candidate, double? Current, double? Change, double Tolerance, bool Passed, string? Problem);
