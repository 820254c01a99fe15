namespace FedBus.Aggregation.Rounds;

/// <summary>
/// When the hub starts a model's rounds by itself (configuration "FedBus:Aggregation:AutoRounds:&lt;modelId&gt;"): every
/// <see cref="Interval"/> since the last round started, and/or once the live sites report at least
/// <see cref="NewAcceptedCases"/> accepted cases new since then ("new-accepted-cases" in SiteStatisticsReported).
/// The inherited settings are the rounds'.
/// </summary>
public sealed class AutoRoundOptions : RoundSettingsInput
{
    public const string NewAcceptedCasesCount = "new-accepted-cases";

    public TimeSpan? Interval { get; set; }

    public int? NewAcceptedCases { get; set; }

    /// <summary>The sites to invite; null = the live sites.</summary>
    public List<string>? Sites { get; set; }
}
