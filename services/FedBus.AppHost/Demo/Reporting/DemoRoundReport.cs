using FedBus.Aggregation.Rounds;

namespace FedBus.AppHost.Demo.Reporting;

/// <summary>
/// One federated round: the model it produced (or kept), its held-out metric, and the site work that fed it (the wave
/// before the round). The fields up to <see cref="Gate"/> are issue 10's; the rest say how the round went: its strategy,
/// the sites invited (those with at least one training and one validation case) and those that answered, the gate's
/// decision with its figures, the version published, and the labels it used.
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
    string Gate,
    string Strategy,
    Guid? RoundId,
    string State,
    IReadOnlyList<string> InvitedSites,
    IReadOnlyList<string> AggregatedSites,
    IReadOnlyList<string> SitesNotInvited,
    int? PublishedVersion,
    string Reason,
    GateReport? GateFigures,
    int LabelsUsed,
    int LabelsAvailable,
    double Seconds);
