namespace FedBus.AppHost.Demo.Reporting;

/// <summary>
/// report.json of a `demo` run. The fields of issue 10 (task … latencyMs) keep exactly those names; the rest adds what a
/// reader needs to trust them: the command, the stages that ran and the ones that did not (with why), every wave's work.
/// Metrics of stages that did not run are null, never invented.
/// </summary>
public sealed record DemoReport(
    string Task,
    string Metric,
    IReadOnlyList<string> Sites,
    IReadOnlyList<DemoRoundReport> Rounds,
    double InitialHeldOutMetric,
    double? FinalHeldOutMetric,
    double? TriagePrecision,
    double? RandomTriagePrecision,
    LatencyReport? LatencyMs,
    IReadOnlyDictionary<string, double> InitialSiteMetric,
    IReadOnlyList<DemoWaveReport> Waves,
    IReadOnlyList<DemoStageReport> Stages,
    string Command,
    DateTimeOffset StartedAt,
    double WallSeconds,
    int Seed,
    bool Quick,
    string Strategy,
    string Triage,
    int? Budget,
    double AuditRate,
    string BadSite,
    IReadOnlyDictionary<string, string> Scanners,
    IReadOnlyList<string> Notes)
{
    /// <summary>"demo" (one process) or "up" (a process per service on RabbitMQ).</summary>
    public string Mode { get; init; } = "demo";

    /// <summary>`up` only: the services' records checked for anything lost or applied twice.</summary>
    public Up.DeliveryAudit? Delivery { get; init; }

    /// <summary>`up` only: events the observer received more than once (at-least-once delivery; counted once).</summary>
    public int? DuplicateDeliveries { get; init; }
}
