using System.Net.Http.Json;
using System.Security.Cryptography;
using FedBus.Aggregation.Api;
using FedBus.Aggregation.Jobs;
using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;
using FedBus.Aggregation.Tests.Service.Support;
using FedBus.Contracts;
using FedBus.Learning.Weights;
using FedBus.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Aggregation.Tests.Service;

/// <summary>
/// The hub as a service on its in-memory bus with scripted sites answering: rounds started over HTTP run through the
/// real consumers, the stored state machine, the aggregation job with the real strategies, the gate and the registry.
/// </summary>
public sealed class RoundsOnTheBusTests : IDisposable
{
    private static readonly TimeSpan PastTheDeadline = TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_round_started_over_http_runs_to_a_published_version_when_every_site_answers()
    {
        await using var hub = new AggregationHost(_folder.Path);
        SiteScript a = new(Offset: 0.01f, Samples: 10, ProfileCount: 10, ProfileMean: 1f),
                   b = new(Offset: 0.02f, Samples: 30, ProfileCount: 30, ProfileMean: 3f),
                   c = new(Offset: 0.04f, Samples: 20, ProfileCount: 20, ProfileMean: 2f);
        hub.Sites.Script("site-a", a);
        hub.Sites.Script("site-b", b);
        hub.Sites.Script("site-c", c);
        await hub.ImportAsync("brain");

        var started = await hub.StartRoundAsync("brain", 2, "site-a", "site-b", "site-c");
        var published = await hub.Published.WaitForAsync<GlobalModelPublished>(p => p.ModelVersion == 2);

        Assert.Equal((2L, false, started.RoundId), (published.Publication, published.IsRollback, published.RoundId));
        Assert.Equal([1], published.ParentVersions);
        var closed = await hub.Published.WaitForAsync<TrainingRoundClosed>(x => x.RoundId == started.RoundId);
        Assert.Equal((RoundOutcome.Published, (int?)2), (closed.Outcome, closed.PublishedVersion));
        Assert.Equal(["site-a", "site-b", "site-c"], closed.AggregatedSites);
        var validate = Assert.Single(hub.Published.All<ValidateCandidateModel>());
        Assert.Equal(["site-a", "site-b", "site-c"], validate.Sites);

        var round = await hub.RoundAsync(started.RoundId);
        Assert.Equal((RoundState.Published, "Published"), (round.State, round.Outcome));
        Assert.Equal([10.0 / 60, 30.0 / 60, 20.0 / 60], round.Candidate!.Sites.Select(s => s.Share), new ToleranceComparer(1e-12));
        Assert.Equal(3, round.Validations.Count);
        Assert.True(round.Gate!.Publish);
        Assert.Equal(0.85, round.Gate.Candidate!.Value, 12);

        // The registry's record, the download and the message name the same file: sample-weighted FedAvg of the updates.
        var version = await hub.VersionAsync("brain", 2);
        Assert.Equal((VersionStatus.Published, true, "FedAvg", started.RoundId), (version.Status, version.IsCurrent, version.Strategy, version.RoundId));
        Assert.Equal(["site-a", "site-b", "site-c"], version.ParticipatingSites);
        Assert.Equal(published.Weights.WeightsSha256, version.WeightsSha256);
        var download = await hub.Http().GetByteArrayAsync(version.WeightsUrl);
        Assert.Equal(version.WeightsSha256, Convert.ToHexStringLower(SHA256.HashData(download)));
        Assert.Equal(download, published.Weights.Inline);
        var aggregate = SafeTensors.Read(download);
        ExpectedWeights.AssertFedAvg(TestModels.Weights(), aggregate.Weights, a, b, c);
        // The image profile is pooled apart: count-weighted, counts summed.
        Assert.Equal([60L], aggregate.Weights["profile.image.count"].Int64Values);
        Assert.Equal((10 * 1f + 30 * 3f + 20 * 2f) / 60, aggregate.Weights["profile.image.mean"].Values[0], 5);
        Assert.Equal((TestModels.CanonicalArchitecture, "2"), (aggregate.Metadata.ArchitectureId, aggregate.Metadata.ModelVersion));

        var model = await hub.ModelAsync("brain");
        Assert.Equal((2, 2L, (Guid?)null), (model.CurrentVersion, model.Publication, model.ActiveRoundId));
    }

    [Fact]
    public async Task A_silent_site_is_left_out_at_the_straggler_deadline_and_a_stale_update_never_enters_the_aggregate()
    {
        await using var hub = new AggregationHost(_folder.Path);
        SiteScript a = new(Offset: 0.01f), b = new(Offset: 0.03f);
        hub.Sites.Script("site-a", a);
        hub.Sites.Script("site-b", b);
        hub.Sites.Script("site-c", new(Trains: false));
        hub.Sites.Script("site-d", new(Offset: 5f, ClaimedBaseVersion: 0));
        await hub.ImportAsync("brain");

        var started = await hub.StartRoundAsync("brain", 2, "site-a", "site-b", "site-c", "site-d");
        var waiting = await hub.WaitForRoundAsync(started.RoundId, r => r.AnsweredSites.Count == 3, "three sites answered");
        Assert.Equal(RoundState.Collecting, waiting.State);
        Assert.Equal(["site-c"], waiting.PendingSites);
        var stale = Assert.Single(waiting.RefusedUpdates);
        Assert.Equal("site-d", stale.SiteId);
        Assert.Contains("trained from version 0 but this round aggregates updates of version 1", stale.Reason, StringComparison.Ordinal);

        hub.Clock.Advance(PastTheDeadline);
        await hub.SweepAsync();
        var published = await hub.Published.WaitForAsync<GlobalModelPublished>(x => x.ModelVersion == 2);

        var round = await hub.RoundAsync(started.RoundId);
        Assert.Equal(RoundState.Published, round.State);
        Assert.Contains(round.Notes, n => n.Contains("no answer from site-c", StringComparison.Ordinal));
        Assert.Equal(["site-a", "site-b"], round.Candidate!.Participants);
        var closed = await hub.Published.WaitForAsync<TrainingRoundClosed>(x => x.RoundId == started.RoundId);
        Assert.Equal(["site-d"], closed.RejectedSites);
        ExpectedWeights.AssertFedAvg(TestModels.Weights(), SafeTensors.Read(published.Weights.Inline!).Weights, a, b);
    }

    [Fact]
    public async Task The_gate_rejects_a_regressing_candidate_with_its_figures_and_the_previous_model_stays()
    {
        await using var hub = new AggregationHost(_folder.Path);
        hub.Sites.Script("site-a", new(CandidateDice: 0.70, CurrentDice: 0.80));
        hub.Sites.Script("site-b", new(CandidateDice: 0.72, CurrentDice: 0.80));
        await hub.ImportAsync("brain");

        var started = await hub.StartRoundAsync("brain", 2, "site-a", "site-b");
        var rejected = await hub.Published.WaitForAsync<CandidateModelRejected>(x => x.RoundId == started.RoundId);

        Assert.Equal((2, 1), (rejected.CandidateVersion, rejected.CurrentVersion));
        var overall = rejected.Overall.ToDictionary(m => m.Name, m => m.Value);
        Assert.Equal(0.71, overall["dice-candidate"], 10);
        Assert.Equal(0.80, overall["dice-current"], 10);
        Assert.Equal(40, overall["validation-cases"]);
        Assert.Equal([0.70, 0.72], rejected.Sites.Select(s => s.CandidateMetrics.Single().Value));
        Assert.Equal(RoundOutcome.RejectedByGate, (await hub.Published.WaitForAsync<TrainingRoundClosed>(x => x.RoundId == started.RoundId)).Outcome);
        Assert.DoesNotContain(hub.Published.All<GlobalModelPublished>(), p => p.ModelVersion == 2);

        var model = await hub.ModelAsync("brain");
        Assert.Equal((1, 1L, (Guid?)null), (model.CurrentVersion, model.Publication, model.ActiveRoundId));
        var version = await hub.VersionAsync("brain", 2);
        Assert.Equal((VersionStatus.Rejected, false), (version.Status, version.IsCurrent));
        Assert.Equal(rejected.Reason, version.Reason);

        // The next round may start; its candidate takes the next version number.
        hub.Sites.Script("site-a", new());
        hub.Sites.Script("site-b", new());
        var next = await hub.StartRoundAsync("brain", 2, "site-a", "site-b");
        Assert.Equal((2, 1), (next.RoundNumber, next.BaseVersion));
        var published = await hub.Published.WaitForAsync<GlobalModelPublished>(x => x.RoundId == next.RoundId);
        Assert.Equal((3, 2L), (published.ModelVersion, published.Publication));
        Assert.Equal([1], published.ParentVersions);
    }

    [Fact]
    public async Task Fewer_updates_than_the_round_needs_by_the_deadline_close_it_as_too_few_updates()
    {
        await using var hub = new AggregationHost(_folder.Path);
        hub.Sites.Script("site-a", new());
        hub.Sites.Script("site-b", new(Trains: false));
        await hub.ImportAsync("brain");
        var started = await hub.StartRoundAsync("brain", 2, "site-a", "site-b");
        await hub.WaitForRoundAsync(started.RoundId, r => r.Updates.Count == 1, "site-a's update accepted");

        hub.Clock.Advance(PastTheDeadline);
        var (deadlines, _) = await hub.SweepAsync();

        Assert.Equal(1, deadlines);
        var closed = await hub.Published.WaitForAsync<TrainingRoundClosed>(x => x.RoundId == started.RoundId);
        Assert.Equal(RoundOutcome.TooFewUpdates, closed.Outcome);
        Assert.Contains("no answer from site-b", closed.Reason, StringComparison.Ordinal);
        Assert.Null((await hub.ModelAsync("brain")).ActiveRoundId);
        Assert.Empty(hub.Published.All<ValidateCandidateModel>());
    }

    [Fact]
    public async Task A_hub_restarted_mid_round_reads_the_round_back_from_its_store_and_completes_it()
    {
        TrainingRoundStarted started;
        SiteScript a = new(Offset: 0.01f), b = new(Offset: 0.05f);
        await using (var first = new AggregationHost(_folder.Path))
        {
            first.Sites.Script("site-a", a);
            first.Sites.Script("site-b", b with { Trains = false });
            await first.ImportAsync("brain");
            var round = await first.StartRoundAsync("brain", 2, "site-a", "site-b");
            await first.WaitForRoundAsync(round.RoundId, r => r.Updates.Count == 1, "site-a's update accepted");
            started = await first.Published.WaitForAsync<TrainingRoundStarted>(x => x.RoundId == round.RoundId);
        }

        await using var second = new AggregationHost(_folder.Path);
        second.Sites.Script("site-a", a);
        second.Sites.Script("site-b", b);
        var resumed = await second.RoundAsync(started.RoundId);
        Assert.Equal(RoundState.Collecting, resumed.State);
        Assert.Equal(["site-a"], resumed.AnsweredSites);

        await second.PublishAsync(await second.Sites.UpdateAsync(started, "site-b"));
        var published = await second.Published.WaitForAsync<GlobalModelPublished>(x => x.RoundId == started.RoundId);

        Assert.Equal((2, 2L), (published.ModelVersion, published.Publication));
        ExpectedWeights.AssertFedAvg(TestModels.Weights(), SafeTensors.Read(published.Weights.Inline!).Weights, a, b);
    }

    [Fact]
    public async Task A_hub_that_dies_in_the_aggregation_job_builds_the_candidate_again_after_its_restart()
    {
        Guid roundId;
        SiteScript a = new(Offset: 0.01f), b = new(Offset: 0.05f);
        var halt = new HaltingJobObserver();
        await using (var first = new AggregationHost(_folder.Path, services: s => s.AddSingleton<IAggregationJobObserver>(halt)))
        {
            first.Sites.Script("site-a", a);
            first.Sites.Script("site-b", b);
            await first.ImportAsync("brain");
            roundId = (await first.StartRoundAsync("brain", 2, "site-a", "site-b")).RoundId;
            Assert.Equal(roundId, await halt.Reached.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(RoundState.Aggregating, (await first.RoundAsync(roundId)).State);
            Assert.Empty(first.Published.All<ValidateCandidateModel>());
        }

        // The restarted job runs at start-up: the sites know their scripts before the host starts.
        var sites = new FakeSites();
        sites.Script("site-a", a);
        sites.Script("site-b", b);
        await using var second = new AggregationHost(_folder.Path, services: s => s.AddSingleton(sites));
        var published = await second.Published.WaitForAsync<GlobalModelPublished>(x => x.RoundId == roundId);

        Assert.Equal((2, 2L), (published.ModelVersion, published.Publication));
        Assert.Single(second.Published.All<ValidateCandidateModel>());
        ExpectedWeights.AssertFedAvg(TestModels.Weights(), SafeTensors.Read(published.Weights.Inline!).Weights, a, b);
    }

    [Fact]
    public async Task Weights_above_the_inline_limit_travel_through_the_hubs_weight_store_both_ways()
    {
        await using var hub = new AggregationHost(_folder.Path, new Dictionary<string, string> { ["FedBus:Federation:InlineWeightsLimitBytes"] = "1024" });
        hub.Sites.InlineLimit = 1024;
        SiteScript a = new(Offset: 0.01f), b = new(Offset: 0.02f);
        hub.Sites.Script("site-a", a);
        hub.Sites.Script("site-b", b);
        await hub.ImportAsync("brain");

        var round = await hub.StartRoundAsync("brain", 2, "site-a", "site-b");
        var published = await hub.Published.WaitForAsync<GlobalModelPublished>(x => x.RoundId == round.RoundId);

        var started = Assert.Single(hub.Published.All<TrainingRoundStarted>());
        Assert.Null(started.BaseWeights.Inline);
        Assert.Null(published.Weights.Inline);
        Assert.All(hub.Sites.Updates, u => Assert.Null(u.Weights.Inline));
        Assert.Contains(started.BaseWeights.WeightsSha256, hub.Sites.Fetched);
        var file = await hub.Sites.ResolveAsync(published.Weights);
        ExpectedWeights.AssertFedAvg(TestModels.Weights(), SafeTensors.Read(file).Weights, a, b);
    }

    [Fact]
    public async Task An_update_naming_weights_another_site_uploaded_is_refused_and_the_sites_own_upload_is_accepted()
    {
        await using var hub = new AggregationHost(_folder.Path, new Dictionary<string, string> { ["FedBus:Federation:InlineWeightsLimitBytes"] = "1024" });
        hub.Sites.InlineLimit = 1024;
        hub.Sites.Script("site-a", new SiteScript(Trains: false, Offset: 0.01f));
        hub.Sites.Script("site-b", new SiteScript(Trains: false, Offset: 0.05f));
        await hub.ImportAsync("brain");
        var round = await hub.StartRoundAsync("brain", 2, "site-a", "site-b");
        var started = await hub.Published.WaitForAsync<TrainingRoundStarted>(x => x.RoundId == round.RoundId);

        // Site B uploads its weights with its own token, then a message in site A's name names them.
        var planted = await hub.Sites.UpdateAsync(started, "site-b");
        Assert.Null(planted.Weights.Inline);
        await hub.PublishAsync(planted with { MessageId = Guid.NewGuid(), SiteId = "site-a" });
        var refused = await hub.WaitForRoundAsync(round.RoundId, r => r.RefusedUpdates.Count == 1, "the planted update refused");

        Assert.Empty(refused.Updates);
        var reason = Assert.Single(refused.RefusedUpdates);
        Assert.Equal("site-a", reason.SiteId);
        Assert.Contains($"Site site-a did not upload the weights {planted.Weights.WeightsSha256}", reason.Reason, StringComparison.Ordinal);

        // The same file uploaded by site A itself (an already stored file is still recorded for its uploader) is A's own.
        using var own = new HttpRequestMessage(HttpMethod.Put, $"/aggregation/weights/{planted.Weights.WeightsSha256}")
        {
            Content = new ByteArrayContent(await hub.Sites.ResolveAsync(planted.Weights)),
        };
        own.Headers.Authorization = TestTokens.Bearer("site-a-training", "site-a", FedBus.ServiceDefaults.Security.FedBusRoles.Service);
        await (await hub.Http().SendAsync(own)).ExpectAsync(200);
        await hub.PublishAsync(planted with { MessageId = Guid.NewGuid(), SiteId = "site-a" });
        var accepted = await hub.WaitForRoundAsync(round.RoundId, r => r.Updates.Count == 1, "site A's update accepted");
        Assert.Equal("site-a", Assert.Single(accepted.Updates).SiteId);
        Assert.Single(accepted.RefusedUpdates);
    }

    [Fact]
    public async Task Site_statistics_are_pooled_for_the_federation_and_enough_new_cases_start_a_round_by_schedule()
    {
        await using var hub = new AggregationHost(_folder.Path, new Dictionary<string, string>
        {
            ["FedBus:Aggregation:AutoRounds:brain:NewAcceptedCases"] = "5",
            ["FedBus:Aggregation:AutoRounds:brain:MinimumSites"] = "2",
            ["FedBus:Aggregation:AutoRounds:lungs:Interval"] = "1.00:00:00",
        });
        await hub.ImportAsync("brain");
        await hub.ImportAsync("lungs");

        await hub.PublishAsync(Report("site-a", newCases: 3, (0, 100), (1, 40)));
        await hub.Published.WaitForAsync<FederationStatisticsPublished>(f => f.ReportingSites == 1);
        await hub.SweepAsync();
        Assert.Empty(await Rounds(hub, "brain"));

        await hub.PublishAsync(Report("site-b", newCases: 4, (0, 50), (1, 0)));
        var pooled = await hub.Published.WaitForAsync<FederationStatisticsPublished>(f => f.ReportingSites == 2);
        Assert.Equal([new ClassCount(0, 150), new ClassCount(1, 40)], pooled.AcceptedClassCounts);
        var sites = await hub.Http().GetFromJsonAsync<SiteView[]>("/aggregation/sites", AggregationHost.Json);
        Assert.Equal(["site-a", "site-b"], sites!.Where(s => s.Live).Select(s => s.SiteId));

        await hub.SweepAsync();
        var byCases = Assert.Single(await Rounds(hub, "brain"));
        Assert.Equal(("schedule", 2), (byCases.RequestedBy, byCases.Settings.MinimumSites));
        Assert.Equal(["site-a", "site-b"], byCases.InvitedSites);
        Assert.Empty(await Rounds(hub, "lungs"));

        hub.Clock.Advance(TimeSpan.FromDays(1));
        await hub.SweepAsync();
        Assert.Equal("schedule", Assert.Single(await Rounds(hub, "lungs")).RequestedBy);
    }

    [Fact]
    public async Task A_round_with_differential_privacy_reports_epsilon_and_delta_spent_over_the_rounds()
    {
        await using var hub = new AggregationHost(_folder.Path);
        hub.Sites.Script("site-a", new(Offset: 0.01f));
        hub.Sites.Script("site-b", new(Offset: 0.03f));
        await hub.ImportAsync("brain");
        var settings = new { modelId = "brain", minimumSites = 2, sites = new[] { "site-a", "site-b" }, clipNorm = 1.0, noiseMultiplier = 1.0 };

        // σ = 1 per round: A = rounds / 2, and at δ = 1e-5, ε = A + 2·√(A·ln 1e5) — 5.2985 after one round, 7.7861 after two.
        foreach (var expected in new[] { (Rounds: 1, Epsilon: 5.2985), (Rounds: 2, Epsilon: 7.7861) })
        {
            var response = await hub.Http().PostAsJsonAsync("/aggregation/rounds", settings);
            await response.ExpectAsync(201);
            var round = (await response.Content.ReadFromJsonAsync<RoundView>(AggregationHost.Json))!;
            var published = await hub.Published.WaitForAsync<GlobalModelPublished>(p => p.RoundId == round.RoundId);
            var version = await hub.VersionAsync("brain", published.ModelVersion);
            Assert.Equal((1.0, 1.0, 2, expected.Rounds, 1e-5), (version.Privacy!.NoiseMultiplier, version.Privacy.ClipNorm, version.Privacy.Sites, version.Privacy.Rounds, version.Privacy.Delta));
            Assert.InRange(version.Privacy.Epsilon, expected.Epsilon - 1e-3, expected.Epsilon + 1e-3);
            Assert.Equal("FedAvg+DP", version.Strategy);
            Assert.Equal(version.Privacy, (await hub.RoundAsync(round.RoundId)).Privacy);
        }
    }

    private static async Task<RoundView[]> Rounds(AggregationHost hub, string model) =>
        (await hub.Http().GetFromJsonAsync<RoundView[]>($"/aggregation/rounds?modelId={model}", AggregationHost.Json))!;

    private static SiteStatisticsReported Report(string site, int newCases, params (int Class, int Count)[] classes) =>
        new(Guid.NewGuid(), AggregationHost.Start, site, "brain", 5, [new MetricValue("accepted-cases", 100), new MetricValue("new-accepted-cases", newCases)],
            [.. classes.Select(c => new ClassCount(c.Class, c.Count))]);

    public void Dispose() => _folder.Dispose();

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
