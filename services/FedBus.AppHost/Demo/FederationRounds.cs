using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedBus.Aggregation.Rounds;
using FedBus.AppHost.Demo.Reporting;
using FedBus.AppHost.Experiments;
using FedBus.Learning.Profiles;
using FedBus.Learning.Weights;
using FedBus.Training.Api;

namespace FedBus.AppHost.Demo;

/// <summary>
/// The hub's rounds between waves, driven through its HTTP API: invite the sites that have at least one training and
/// one validation case (the gate needs each participant's figures), start the round with the demo's strategy, follow it
/// until it closes (local training at the sites, aggregation, validation, the gate), and score the model that is
/// current afterwards on the held-out slices of every site.
/// </summary>
internal sealed class FederationRounds(
    DemoSettings settings, DemoTaskConfig task, HubClient hub, IReadOnlyList<IDemoSiteView> hosts, IReadOnlyList<HttpClient> http,
    ModelWorkbench bench, DemoData data, DemoProgress progress, HeldOutScore initial, int initialVersion)
{
    /// <summary>How long a round waits for training to take in the labels QC accepted before it starts anyway.</summary>
    private static readonly TimeSpan IntakeWait = TimeSpan.FromSeconds(20);

    private int _version = initialVersion;
    private HeldOutScore _score = initial;

    public async Task<DemoRoundReport> RunAsync(int number, DemoWaveReport fed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        progress.Round($"round {number}");
        progress.Stage($"round {number}: training takes in the labels QC accepted");
        var datasets = await DatasetsAsync(cancellationToken);
        var invited = datasets.Where(d => d.Value.Train > 0 && d.Value.Validation > 0).Select(d => d.Key).ToList();
        var notInvited = datasets.Keys.Except(invited).ToList();
        var available = datasets.Values.Sum(d => d.Train + d.Validation);
        progress.Note($"round {number}: datasets " + string.Join(", ", datasets.Select(d => $"{d.Key} {d.Value.Train} train / {d.Value.Validation} validation")));

        var krumNeeds = 2 * DemoSettings.KrumByzantineSites + 3;
        string? notRun = invited.Count == 0 ? "no site has both a training and a validation case yet"
            : settings.IsKrum && invited.Count < krumNeeds ? $"{settings.Strategy} needs {krumNeeds} sites with data; {invited.Count} have both a training and a validation case"
            : null;
        if (notRun is not null)
        {
            progress.Note($"round {number} not started: {notRun}");
            return Report(number, fed, "not-run", null, "NotStarted", invited, [], notInvited, null, $"Not started: {notRun}.", null, 0, available, clock);
        }

        progress.Stage($"round {number}: {settings.Strategy} over {string.Join(", ", invited)} — local training at the sites");
        var roundId = await hub.StartRoundAsync(new
        {
            modelId = task.ModelId,
            sites = invited,
            strategy = settings.Strategy,
            localEpochs = settings.LocalEpochs,
            minimumSites = settings.IsKrum ? invited.Count : 1,
            updateDeadline = settings.RoundDeadline,
            validationDeadline = settings.RoundDeadline / 2,
            requestedBy = "fedbus-demo",
        }, cancellationToken);
        var state = "";
        var round = await hub.WaitClosedAsync(roundId, settings.RoundDeadline * 1.5 + TimeSpan.FromMinutes(1), r =>
        {
            var now = r["state"]?.GetValue<string>() ?? "";
            if (now == state) return;
            state = now;
            progress.Stage($"round {number}: {Describe(now)} ({r["answeredSites"]?.AsArray().Count ?? 0}/{invited.Count} sites answered)");
        }, cancellationToken);

        var outcome = round["outcome"]!.GetValue<string>();
        var reason = round["reason"]?.GetValue<string>() ?? "";
        var published = round["publishedVersion"]?.GetValue<int>();
        var aggregated = round["candidate"]?["sites"]?.AsArray().Where(s => s!["included"]!.GetValue<bool>()).Select(s => s!["siteId"]!.GetValue<string>()).ToList() ?? [];
        var labelsUsed = round["updates"]!.AsArray().Sum(u => u!["trainingSamples"]!.GetValue<int>());
        var gate = round["gate"] is JsonObject g ? g.Deserialize<GateReport>(HubClient.Json) : null;
        if (outcome == "Published" && published is { } v)
        {
            var file = await hub.WeightsAsync(task.ModelId, v, cancellationToken);
            _score = DemoRun.HeldOut(bench, TrainingProfile.Strip(SafeTensors.Read(file).Weights), data);
            _version = v;
            foreach (var (site, value) in _score.Sites) progress.Metric(site, value);
        }
        var decision = outcome switch
        {
            "Published" => "published",
            "RejectedByGate" => "rejected",
            "TooFewUpdates" => "too-few-updates",
            "TimedOut" => "timed-out",
            _ => "aborted",
        };
        progress.Note(string.Create(CultureInfo.InvariantCulture,
            $"round {number}: {decision}{(published is { } p ? $" v{p}" : "")} — {reason} Held-out {bench.MetricName} of v{_version}: {_score.Global:F4} (") +
            string.Join(", ", _score.Sites.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F4}"))) + ")");
        return Report(number, fed, decision, roundId, round["state"]!.GetValue<string>(), invited, aggregated, notInvited, published, reason, gate, labelsUsed, available, clock);
    }

    private DemoRoundReport Report(int number, DemoWaveReport fed, string decision, Guid? roundId, string state, IReadOnlyList<string> invited,
        IReadOnlyList<string> aggregated, IReadOnlyList<string> notInvited, int? published, string reason, GateReport? gate, int labelsUsed, int available, Stopwatch clock) =>
        new(number, _version, _score.Global, _score.Sites, fed.StudiesIngested, fed.TasksOpened, fed.TasksAnswered, fed.QcAccepted, fed.QcRejected,
            aggregated.Count, decision, settings.Strategy, roundId, state, invited, aggregated, notInvited, published, reason, gate, labelsUsed, available,
            clock.Elapsed.TotalSeconds);

    /// <summary>
    /// Every site's training dataset (GET /training/models/{id}/dataset through its gateway), once training has taken in
    /// every label QC accepted there (or <see cref="IntakeWait"/> passed).
    /// </summary>
    private async Task<Dictionary<string, DatasetView>> DatasetsAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + IntakeWait;
        var result = new Dictionary<string, DatasetView>(StringComparer.Ordinal);
        for (int k = 0; k < hosts.Count; k++)
        {
            var accepted = hosts[k].Activity.Read(p => p.Sum(x => x.QcAccepted));
            while (true)
            {
                var view = await http[k].GetFromJsonAsync<DatasetView>($"training/models/{Uri.EscapeDataString(task.ModelId)}/dataset", HubClient.Json, cancellationToken);
                result[hosts[k].Site.SiteId] = view!;
                if (view!.Train + view.Validation + view.Unusable + view.Withdrawn >= accepted || DateTime.UtcNow > deadline) break;
                await Task.Delay(250, cancellationToken);
            }
        }
        return result;
    }

    private static string Describe(string state) => state switch
    {
        "Collecting" => "local training at the sites",
        "Aggregating" => "aggregating the updates at the hub",
        "Validating" => "the sites validate the candidate",
        _ => state,
    };
}
