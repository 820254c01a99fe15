namespace FedBus.AppHost.Demo.Reporting;

/// <summary>
/// What every site's bus carried while one wave of studies was worked (wave 0 before round 1, wave r after round r),
/// counted by the demo's observer from the services' own events.
/// </summary>
public sealed record DemoWaveReport(
    int Wave,
    int StudiesSent,
    int StudiesIngested,
    int InstancesIngested,
    int Predictions,
    int Skipped,
    IReadOnlyDictionary<int, int> PredictionsByModelVersion,
    int TasksOpened,
    int AuditTasksOpened,
    int Submissions,
    int TasksAnswered,
    int QcAccepted,
    int QcRejectedSubmissions,
    IReadOnlyDictionary<string, int> QcRejected,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> QcRejectedBySite,
    bool Settled);
