using FedBus.Aggregation.Rounds;
using FedBus.Aggregation.Strategies;
using FedBus.Contracts;

namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>Rounds, updates and validations as plain data for the state machine's tests.</summary>
internal static class RoundData
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    public const string Model = "brain";
    public const string Architecture = "unet2d-v1:in=1,classes=2,levels=2,width=4";
    public const string BaseSha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    public static RoundSettings Settings(int minimumSites = 2, AggregationStrategy strategy = AggregationStrategy.FedAvg) =>
        new(strategy, [], 1, 0, false, 1, minimumSites, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), null, null);

    public static RoundLifecycle Lifecycle(double tolerance = 0.01, double siteTolerance = 0.05, int minimumValidations = 1) =>
        new(new GateOptions { Tolerance = tolerance, SiteTolerance = siteTolerance, MinimumValidations = minimumValidations }.Validate());

    public static RoundTransition Open(RoundLifecycle lifecycle, RoundSettings? settings = null, params string[] sites) =>
        lifecycle.Open(new RoundOpening(Guid.NewGuid(), Guid.NewGuid(), 4, Model, Architecture, TaskKind.Segmentation, new LabelSchema(1, ["background", "brain"]),
            3, BaseSha, 1234, settings ?? Settings(), sites.Length == 0 ? ["site-a", "site-b", "site-c"] : sites, "test"), Start);

    public static ModelUpdateSubmitted Update(TrainingRound round, string site, int baseVersion = 3, int samples = 10, Guid? roundId = null) =>
        new(Guid.NewGuid(), Start, site, roundId ?? round.RoundId, Model, baseVersion, new ModelWeights(Sha(site), 1000, null), samples, 5, 1, 4,
            [new MetricValue("train-loss", 0.3), new MetricValue("validation-dice-after", 0.8)]);

    public static UpdateInspection Fine => UpdateInspection.Valid([0.25, 1.0]);

    public static RoundCandidate Candidate(TrainingRound round, int version = 5, params string[] excluded) => new(
        version, Sha("candidate"), 2000, "FedAvg", Sha("state"), null,
        [.. round.Updates.Select(u => new SiteShare(u.SiteId, !excluded.Contains(u.SiteId), excluded.Contains(u.SiteId) ? 0 : 1.0 / (round.Updates.Count - excluded.Length), 1, 1.0,
            excluded.Contains(u.SiteId) ? "outlier" : null))],
        [], null, [], Start);

    public static CandidateModelValidated Validation(TrainingRound round, string site, double candidate, double current, int cases = 20, int? version = null) =>
        new(Guid.NewGuid(), Start, site, round.RoundId, Model, version ?? round.Candidate!.Version, 3, cases, [new MetricValue("dice", candidate)], [new MetricValue("dice", current)]);

    public static string Sha(string seed) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));

    public static ModelSnapshot Current(int version = 3, long publication = 7) => new(version, publication);
}
