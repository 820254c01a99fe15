namespace FedBus.AppHost.Demo.Reporting;

/// <summary>
/// One federated round: the model it produced (or kept), its held-out metric, and the site work that fed it (the wave
/// before the round). Field names are fixed by issue 10.
/// </summary>
public sealed record DemoRoundReport(
    int Round,
    int ModelVersion,
    double HeldOutMetric,
    IReadOnlyDictionary<string, double> SiteMetric,
    int StudiesIngested,
    int TasksOpened,
    int TasksAnswered,
    int QcAccepted,
    IReadOnlyDictionary<string, int> QcRejected,
    int UpdatesAggregated,
    string Gate);
