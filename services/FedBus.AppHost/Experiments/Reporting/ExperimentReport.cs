namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>The whole run: written as report.json (camelCase), report.md and report.html.</summary>
public sealed record ExperimentReport(
    string Kind,
    string Command,
    string Task,
    string Metric,
    int Seed,
    int Size,
    int Rounds,
    int LocalEpochs,
    string RobustStrategy,
    double GateTolerance,
    double SiteTolerance,
    string BadSite,
    double CorruptFraction,
    bool Quick,
    int Threads,
    IReadOnlyList<SiteSummary> Sites,
    IReadOnlyList<ArmReport> Arms,
    TriageReport Triage,
    IReadOnlyList<AnchorCheck> Anchors,
    IReadOnlyList<string> Notes,
    DateTimeOffset StartedAt,
    double WallSeconds);
