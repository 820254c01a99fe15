namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>
/// Uncertainty triage vs random at equal annotation budgets. <see cref="Ratio"/> = labels the triage needed / labels
/// random needed (null when either missed the target; <see cref="RatioBound"/> then says what can be said).
/// </summary>
public sealed record TriageReport(
    string Scorer,
    double Target,
    string TargetSource,
    int Pool,
    int Start,
    int Step,
    int Budget,
    IReadOnlyList<TriageArmReport> Arms,
    double? Ratio,
    string RatioBound);
