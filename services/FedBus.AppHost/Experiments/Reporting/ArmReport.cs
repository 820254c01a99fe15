namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>
/// One way of training, measured on the held-out positions. Kind: "initial" (version 1, every arm's start),
/// "centralised", "local" (one site alone), "federated".
/// </summary>
public sealed record ArmReport(
    string Name,
    string Kind,
    double HeldOutMetric,
    IReadOnlyDictionary<string, double> SiteMetric,
    string? Strategy = null,
    string? BadSite = null,
    string? BadLabels = null,
    bool? Qc = null,
    int? Epochs = null,
    IReadOnlyList<RoundReport>? Rounds = null,
    QcReport? QcScreen = null,
    double? Seconds = null)
{
    public int? RoundsPublished => Rounds?.Count(r => r.Gate == "published");

    public int? RoundsRejected => Rounds?.Count(r => r.Gate == "rejected");
}
