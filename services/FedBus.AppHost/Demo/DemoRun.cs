using System.Globalization;
using FedBus.AppHost.Demo.Reporting;
using FedBus.AppHost.Experiments;
using FedBus.Learning;
using FedBus.Learning.Weights;
using FedBus.ServiceDefaults.Federation;
using FedBus.ServiceDefaults.Federation.Bridge;
using Spectre.Console;

namespace FedBus.AppHost.Demo;

/// <summary>
/// One `demo`: prepares the sites' studies, trains version 1 on the founding site's small labelled set, starts the hub
/// and every site (each behind its gateway), then per wave: every PACS sends its studies, the radiologists work the
/// worklists until every site has settled; between waves the hub runs a round. Writes report.json/html and a summary.
/// </summary>
internal sealed class DemoRun(DemoSettings settings, string commandLine, IAnsiConsole console, bool plain)
{
    /// <summary>A site is settled when nothing moved on its bus for this long and its readers have nothing left.</summary>
    internal static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    internal static readonly TimeSpan ReaderPoll = TimeSpan.FromMilliseconds(200);

    public async Task<DemoReport> ExecuteAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var folder = Path.GetFullPath(settings.OutputDirectory);
        Directory.CreateDirectory(folder);
        // A new run starts from empty stores: the folders this run owns are cleared, nothing else in --out is touched.
        foreach (var owned in new[] { "sites", "hub", "pacs", "logs", "gateways" })
        {
            var path = Path.Combine(folder, owned);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        var live = !plain && console.Profile.Capabilities.Interactive;
        using var progress = new DemoProgress(console, new StreamWriter(Path.Combine(folder, "demo.log"), append: false), live, MetricName());
        DemoReport? report = null;
        await progress.RunAsync(async () => report = await RunAsync(folder, started, progress, cancellationToken));
        await DemoReportWriter.WriteAsync(report!, folder, cancellationToken);
        DemoConsoleSummary.Write(console, report!, folder);
        return report!;
    }

    private string MetricName() => MetricOf(settings.Task);

    internal static string MetricOf(ExperimentTask task) => task switch
    {
        ExperimentTask.Segmentation => "dice",
        ExperimentTask.Classification => "accuracy",
        _ => "map50",
    };

    private async Task<DemoReport> RunAsync(string folder, DateTimeOffset started, DemoProgress progress, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var stages = new List<DemoStageReport>();
        TorchRuntime.Initialize(settings.Threads);

        progress.Stage($"preparing {settings.Sites} sites from the brain MRI benchmark");
        var data = DemoData.Prepare(settings);
        foreach (var s in data.Sites)
            progress.Note($"{s.SiteId}: scanner {s.Scanner}, {s.Studies} studies / {s.Instances} MR instances in {settings.Waves} waves, {s.HeldOut.Count} held-out slices" +
                (s.SystematicErrors ? ", radiologist dr-1 makes systematic errors" : ""));

        progress.Stage($"version 1: {data.Founding.Count} labelled slices of {data.Sites[0].SiteId}, {settings.FoundingEpochs} epochs");
        using var bench = new ModelWorkbench(data.Spec, ExperimentSettings.FullRun with { Seed = settings.Seed, Threads = settings.Threads });
        var (v1, _) = bench.Train(bench.Initial(Seeds.Derive(settings.Seed, "v1-init")), data.Founding, settings.FoundingEpochs,
            Seeds.Derive(settings.Seed, "v1-train"), cancellationToken: cancellationToken);
        var initial = HeldOut(bench, v1, data);
        foreach (var (site, value) in initial.Sites) progress.Metric(site, value);
        progress.Note($"version 1 held-out {MetricName()}: {initial.Global:F4} (" + string.Join(", ", initial.Sites.Select(kv => $"{kv.Key} {kv.Value:F4}")) + ")");
        progress.Stage("starting the hub and the sites");
        await using var hub = await HubHost.StartAsync(folder, settings, cancellationToken);
        await using var hubGateway = await GatewayHost.StartAsync("hub", hub.Address, folder, cancellationToken);
        using var hubHttp = new HttpClient { BaseAddress = hubGateway.Address, Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { Authorization = DemoTokens.For(ServiceDefaults.Security.FedBusRoles.HubAdmin, null, "ml-engineer") } };
        var hubClient = new HubClient(hubHttp);
        var task = DemoTaskConfig.For(settings.Task);
        var hosts = new List<SiteHost>();
        var gateways = new List<GatewayHost>();
        var http = new List<HttpClient>();
        try
        {
            foreach (var site in data.Sites)
            {
                var host = await SiteHost.StartAsync(site, data, settings, folder, hubGateway.Address, cancellationToken);
                hosts.Add(host);
                var gateway = await GatewayHost.StartAsync(site.SiteId, host.Address, folder, cancellationToken);
                gateways.Add(gateway);
                http.Add(new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { Authorization = DemoTokens.For(ServiceDefaults.Security.FedBusRoles.SiteAdmin, site.SiteId, "demo") } });
                progress.Note($"{site.SiteId}: services at {host.Address}, gateway {gateway.Address}, DICOM SCP 127.0.0.1:{host.DicomPort}");
            }
            // The embedded site↔hub link: only the whitelist crosses, up from each site to the hub, down to every site.
            await using var link = await FederationBridge.ConnectAsync(hub.App.Services, [.. hosts.Select(h => h.App.Services)], cancellationToken);
            progress.Note($"hub: aggregation at {hub.Address}, gateway {hubGateway.Address}; the link joins it with {hosts.Count} sites");
            progress.Watch(hosts.Select(h => h.Activity).ToList());
            stages.Add(new DemoStageReport("hosts", true,
                $"{hosts.Count} site hosts (ingestion, inference, annotation-request, quality-control, training) and the hub host (aggregation), " +
                $"each its own WebApplication with its own in-memory bus, LiteDB and blob store under {folder}, each behind a YARP gateway"));
            stages.Add(new DemoStageReport("site↔hub link", true,
                $"FederationBridge between the hub's bus and every site's: up {string.Join(", ", FederationWhitelist.SiteToHub.Select(t => t.Name))}; " +
                $"down {string.Join(", ", FederationWhitelist.HubToSite.Select(t => t.Name))}. Weight files over {settings.InlineWeightsLimitBytes / 1024} KiB " +
                $"travel by claim check through the hub's weight store ({hubGateway.Address}aggregation/weights/…)"));

            // Version 1 enters the federation as a real one would: imported into the hub's registry, which publishes it.
            var file = VersionOne.WeightFile(data.Spec, v1, data.Founding, settings.Seed, settings.McPasses, settings.CalibrationShifts);
            progress.Stage($"version 1 ({file.Length / 1024} KiB with its training profile) imported into the hub's registry");
            var imported = await hubClient.ImportAsync(task.ModelId, data.Spec.ArchitectureId, data.ClassNames, task.Kind, file, cancellationToken);
            await WaitAdoptedAsync(hosts, http, imported, cancellationToken);
            stages.Add(new DemoStageReport("version 1", true,
                $"trained in the AppHost on {data.Founding.Count} labelled slices of {data.Sites[0].SiteId} ({settings.FoundingEpochs} epochs), " +
                $"imported through the hub's POST /aggregation/models/{task.ModelId}/import ({file.Length} bytes), published by the hub, " +
                "carried to every site by the link and adopted by every site's inference (GET /inference/models)"));

            // The simulators: a PACS and two radiologists per site (audit samples need two independent readers).
            var pacs = hosts.Select(h => new PacsSimulator(h.Site, h.Activity, () => h.DicomPort, Path.Combine(folder, "pacs", h.Site.SiteId))).ToList();
            var readers = hosts.SelectMany((h, k) => new[]
            {
                new RadiologistSimulator($"{h.Site.SiteId}-dr-1", http[k], h.Activity,
                    new ReaderHabits(h.Site.SystematicErrors, data.Spec.Classes, (int)Seeds.Derive(settings.Seed, h.Site.SiteId + "/dr-1"))),
                new RadiologistSimulator($"{h.Site.SiteId}-dr-2", http[k], h.Activity,
                    new ReaderHabits(false, data.Spec.Classes, (int)Seeds.Derive(settings.Seed, h.Site.SiteId + "/dr-2"))),
            }).ToList();
            using var stopReaders = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var working = readers.Select(r => Task.Run(() => r.RunAsync(ReaderPoll, stopReaders.Token), CancellationToken.None)).ToList();

            var waves = new List<DemoWaveReport>();
            var rounds = new List<DemoRoundReport>();
            var federation = new FederationRounds(settings, task, hubClient, hosts, http, bench, data, progress, initial, imported);
            try
            {
                for (int wave = 0; wave < settings.Waves; wave++)
                {
                    progress.Round(wave == 0 ? "before round 1" : $"after round {wave}");
                    foreach (var h in hosts) h.Activity.StartPeriod(wave);
                    progress.Stage($"wave {wave + 1}/{settings.Waves}: every PACS sends {settings.StudiesPerWave} studies");
                    await Task.WhenAll(pacs.Select((p, k) => p.SendWaveAsync(wave, cancellationToken)));
                    progress.Stage($"wave {wave + 1}/{settings.Waves}: ingestion, triage, radiologists and QC at work");
                    var settled = await WaitSettledAsync(settings, wave, hosts, http, () => string.Join(",", readers.Select(r => r.Submitted + r.Resubmitted)), working, cancellationToken);
                    if (!settled) notes.Add($"Wave {wave + 1} had not settled after {settings.WaveTimeout}: its counts are what had happened by then.");
                    waves.Add(WaveReport(wave, hosts, settled));
                    progress.Note($"wave {wave + 1}: " + Describe(waves[^1]));
                    if (wave == settings.Rounds) break;
                    // Round wave + 1: the hub invites the sites with data, they train, it aggregates, the gate decides.
                    var round = await federation.RunAsync(wave + 1, waves[^1], cancellationToken);
                    rounds.Add(round);
                    if (round.PublishedVersion is { } published) await WaitAdoptedAsync(hosts, http, published, cancellationToken);
                }
            }
            finally
            {
                await stopReaders.CancelAsync();
                await Task.WhenAll(working.Select(async t =>
                {
                    try { await t; } catch (OperationCanceledException) { }
                }));
            }
            foreach (var failed in working.Where(t => t.IsFaulted))
                notes.Add("A radiologist simulator stopped: " + failed.Exception!.GetBaseException().Message);
            stages.Add(RoundsStage(rounds, waves));
            AddWaveStages(stages, waves);

            if (rounds.Count > 0 && rounds.All(r => r.PublishedVersion is null))
                notes.Add("No round published a new version: the model stayed at version 1 (each round's reason is in the Rounds table).");

            return Report(settings, data, [.. hosts.Select(h => h.Activity)], rounds, initial, waves, stages, commandLine, started, progress.Elapsed, notes);
        }
        finally
        {
            foreach (var c in http) c.Dispose();
            foreach (var g in gateways) await g.DisposeAsync();
            foreach (var h in hosts) await h.DisposeAsync();
        }
    }

    /// <summary>The run's report from what it measured (demo and up alike).</summary>
    internal static DemoReport Report(DemoSettings settings, DemoData data, IReadOnlyList<SiteActivity> activities, List<DemoRoundReport> rounds,
        HeldOutScore initial, List<DemoWaveReport> waves, List<DemoStageReport> stages, string commandLine, DateTimeOffset started, TimeSpan elapsed,
        List<string> notes)
    {
        var latencies = activities.SelectMany(a => a.LatenciesMs()).Order().ToList();
        var triaged = activities.Select(a => a.Read(p => (Poor: p.Sum(x => x.TriagedPoor), Judged: p.Sum(x => x.TriagedJudged),
            AllPoor: p.Sum(x => x.PredictionsPoor), All: p.Sum(x => x.PredictionsJudged)))).ToList();
        var judged = triaged.Sum(t => t.Judged);
        var all = triaged.Sum(t => t.All);
        return new DemoReport(
            Task: settings.Task.ToString().ToLowerInvariant(),
            Metric: MetricOf(settings.Task),
            Sites: data.Sites.Select(s => s.SiteId).ToList(),
            Rounds: rounds,
            InitialHeldOutMetric: initial.Global,
            FinalHeldOutMetric: rounds.Count > 0 ? rounds[^1].HeldOutMetric : null,
            TriagePrecision: judged > 0 ? (double)triaged.Sum(t => t.Poor) / judged : null,
            RandomTriagePrecision: all > 0 ? (double)triaged.Sum(t => t.AllPoor) / all : null,
            LatencyMs: latencies.Count > 0 ? new LatencyReport(Percentile(latencies, 0.5), Percentile(latencies, 0.95), latencies.Count) : null,
            InitialSiteMetric: initial.Sites,
            Waves: waves,
            Stages: stages,
            Command: commandLine,
            StartedAt: started,
            WallSeconds: elapsed.TotalSeconds,
            Seed: settings.Seed,
            Quick: settings.Quick,
            Strategy: settings.Strategy,
            Triage: settings.Triage,
            Budget: settings.Budget,
            AuditRate: settings.AuditRate,
            BadSite: data.Sites[settings.BadSiteIndex].SiteId,
            Scanners: data.Sites.ToDictionary(s => s.SiteId, s => s.Scanner),
            Notes: notes);
    }

    internal static HeldOutScore HeldOut(ModelWorkbench bench, WeightSet weights, DemoData data)
    {
        var perSite = data.Sites.ToDictionary(s => s.SiteId, s => bench.Evaluate(weights, s.HeldOut), StringComparer.Ordinal);
        return new HeldOutScore(perSite.Values.Average(), perSite);
    }

    internal static DemoStageReport RoundsStage(IReadOnlyList<DemoRoundReport> rounds, IReadOnlyList<DemoWaveReport> waves)
    {
        var published = rounds.Where(r => r.PublishedVersion is not null).ToList();
        var later = waves.Skip(1).SelectMany(w => w.PredictionsByModelVersion).Where(kv => kv.Key > 1).Sum(kv => kv.Value);
        var text = rounds.Count == 0 ? "no round ran"
            : $"{rounds.Count} rounds: {rounds.Sum(r => r.UpdatesAggregated)} site updates aggregated, {published.Count} versions published " +
              $"({string.Join(", ", published.Select(r => $"v{r.PublishedVersion}"))}), " +
              $"{rounds.Count(r => r.Gate == "rejected")} rejected by the gate, {rounds.Count(r => r.Gate is not ("published" or "rejected"))} without a candidate; " +
              $"{later} predictions made with a version from a round";
        return new DemoStageReport("rounds", published.Count > 0 && later > 0, text);
    }

    /// <summary>
    /// Waits for the positive signals first (every sent study announced by ingestion; with inference, every instance
    /// predicted or skipped; QC's answer to every submission), then until no reader has work left and nothing moved on any bus for <see cref="Quiet"/>.
    /// </summary>
    /// <param name="disconnected">A bus of the run that is not connected (null when all are): while one is, nothing counts as quiet.</param>
    internal static async Task<bool> WaitSettledAsync(DemoSettings settings, int wave, IReadOnlyList<IDemoSiteView> hosts, IReadOnlyList<HttpClient> http,
        Func<string> readers, IReadOnlyList<Task> working, CancellationToken cancellationToken, Func<CancellationToken, Task<string?>>? disconnected = null)
    {
        var deadline = DateTime.UtcNow + settings.WaveTimeout;
        var sent = hosts.Select(h => (Studies: h.Site.Waves[wave].Count, Instances: h.Site.Waves[wave].Sum(s => s.Images.Count))).ToList();
        string last = "";
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (working.FirstOrDefault(t => t.IsFaulted) is { } failed) throw failed.Exception!.GetBaseException();
            var arrived = hosts.Select((h, k) => h.Activity.Read(p =>
                p[wave].StudiesIngested >= sent[k].Studies &&
                p[wave].Predictions + p[wave].Skipped >= sent[k].Instances)).All(x => x) &&
                // QC answered every submission: a bus that stalls (a broker restart) is not mistaken for a quiet one.
                hosts.All(h => h.Activity.AllJudged(h.Activity.Read(p => p[wave].TasksAnswered.ToList())));
            var snapshot = string.Join("|", hosts.Select(h => h.Activity.Read(p =>
                string.Create(CultureInfo.InvariantCulture, $"{p[wave].StudiesIngested},{p[wave].Predictions},{p[wave].TasksOpened},{p[wave].Submissions},{p[wave].QcAccepted},{p[wave].QcRejectedSubmissions}")))) +
                "|" + readers();
            // A consumer still reconnecting after a broker restart leaves its queue full while the buses look quiet.
            var down = disconnected is null ? null : await disconnected(cancellationToken);
            if (snapshot != last || down is not null)
            {
                last = snapshot;
                quietSince = DateTime.UtcNow;
            }
            if (arrived && DateTime.UtcNow - quietSince >= Quiet && await NoOpenWorkAsync(hosts, http, cancellationToken))
                return true;
            await Task.Delay(250, cancellationToken);
        }
        return false;
    }

    /// <summary>Until every site's inference serves <paramref name="version"/> (its /inference/models through the gateway).</summary>
    internal static async Task WaitAdoptedAsync(IReadOnlyList<IDemoSiteView> hosts, IReadOnlyList<HttpClient> http, int version, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        json.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        for (int k = 0; k < hosts.Count; k++)
        {
            while (true)
            {
                var models = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<Inference.Http.ModelView>>(http[k], "inference/models", json, cancellationToken);
                if (models!.All(m => m.Current?.Version >= version)) break;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{hosts[k].Site.SiteId}'s inference did not adopt model version {version} within 2 minutes (see logs/{hosts[k].Site.SiteId}-*.log).");
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    /// <summary>No task any reader could still claim or must redo, at any site.</summary>
    private static async Task<bool> NoOpenWorkAsync(IReadOnlyList<IDemoSiteView> hosts, IReadOnlyList<HttpClient> http, CancellationToken cancellationToken)
    {
        for (int k = 0; k < hosts.Count; k++)
            foreach (var reader in new[] { "dr-1", "dr-2" })
                foreach (var state in new[] { "available", "claimed", "returned" })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"annotations/tasks?state={state}&limit=1");
                    request.Headers.Authorization = DemoTokens.For(ServiceDefaults.Security.FedBusRoles.Radiologist, hosts[k].Site.SiteId, $"{hosts[k].Site.SiteId}-{reader}");
                    using var response = await http[k].SendAsync(request, cancellationToken);
                    response.EnsureSuccessStatusCode();
                    var page = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<AnnotationRequest.Worklist.WorklistPage>(
                        response.Content, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web), cancellationToken);
                    if (page!.Total > 0) return false;
                }
        return true;
    }

    internal static DemoWaveReport WaveReport(int wave, IReadOnlyList<IDemoSiteView> hosts, bool settled)
    {
        var per = hosts.Select(h => (h.Site, Activity: h.Activity.Read(p => Copy(p[wave])))).ToList();
        var rejected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, a) in per)
            foreach (var (code, n) in a.QcRejected) rejected[code] = rejected.GetValueOrDefault(code) + n;
        var versions = new Dictionary<int, int>();
        foreach (var (_, a) in per)
            foreach (var (v, n) in a.PredictionsByModelVersion) versions[v] = versions.GetValueOrDefault(v) + n;
        return new DemoWaveReport(
            Wave: wave,
            StudiesSent: per.Sum(x => x.Site.Waves[wave].Count),
            StudiesIngested: per.Sum(x => x.Activity.StudiesIngested),
            InstancesIngested: per.Sum(x => x.Activity.InstancesIngested),
            Predictions: per.Sum(x => x.Activity.Predictions),
            Skipped: per.Sum(x => x.Activity.Skipped),
            PredictionsByModelVersion: versions,
            TasksOpened: per.Sum(x => x.Activity.TasksOpened),
            AuditTasksOpened: per.Sum(x => x.Activity.AuditTasksOpened),
            Submissions: per.Sum(x => x.Activity.Submissions),
            TasksAnswered: per.Sum(x => x.Activity.TasksAnswered.Count),
            QcAccepted: per.Sum(x => x.Activity.QcAccepted),
            QcRejectedSubmissions: per.Sum(x => x.Activity.QcRejectedSubmissions),
            QcRejected: rejected,
            QcRejectedBySite: per.ToDictionary(x => x.Site.SiteId, x => (IReadOnlyDictionary<string, int>)x.Activity.QcRejected, StringComparer.Ordinal),
            Settled: settled);
    }

    /// <summary>A snapshot taken under the activity's lock, so the report never reads a collection being written.</summary>
    private static RoundActivity Copy(RoundActivity a)
    {
        var c = new RoundActivity
        {
            StudiesIngested = a.StudiesIngested, InstancesIngested = a.InstancesIngested, Predictions = a.Predictions, Skipped = a.Skipped,
            TasksOpened = a.TasksOpened, AuditTasksOpened = a.AuditTasksOpened, Submissions = a.Submissions, QcAccepted = a.QcAccepted,
            QcRejectedSubmissions = a.QcRejectedSubmissions, UpdatesSubmitted = a.UpdatesSubmitted, TriagedPoor = a.TriagedPoor,
            TriagedJudged = a.TriagedJudged, PredictionsPoor = a.PredictionsPoor, PredictionsJudged = a.PredictionsJudged,
        };
        c.TasksAnswered.UnionWith(a.TasksAnswered);
        foreach (var (k, v) in a.QcRejected) c.QcRejected[k] = v;
        foreach (var (k, v) in a.PredictionsByModelVersion) c.PredictionsByModelVersion[k] = v;
        foreach (var (k, v) in a.SkipReasons) c.SkipReasons[k] = v;
        return c;
    }

    internal static void AddWaveStages(List<DemoStageReport> stages, IReadOnlyList<DemoWaveReport> waves)
    {
        var studies = waves.Sum(w => w.StudiesIngested);
        var instances = waves.Sum(w => w.InstancesIngested);
        stages.Add(new DemoStageReport("pacs → ingestion", studies > 0,
            $"{waves.Sum(w => w.StudiesSent)} studies sent by C-STORE, {studies} announced by ingestion (StudyReceived) with {instances} instances"));
        var predictions = waves.Sum(w => w.Predictions);
        var versions = waves.SelectMany(w => w.PredictionsByModelVersion.Keys).Distinct().Order().ToList();
        stages.Add(new DemoStageReport("inference", predictions > 0,
            $"{predictions} predictions ({string.Join(", ", versions.Select(v => $"v{v}"))}), {waves.Sum(w => w.Skipped)} skipped, of {instances} stored instances"));
        var opened = waves.Sum(w => w.TasksOpened);
        stages.Add(new DemoStageReport("annotation-request", opened > 0,
            opened > 0 ? $"{opened} tasks opened, {waves.Sum(w => w.TasksAnswered)} answered ({waves.Sum(w => w.Submissions)} submissions)"
                : "composed and serving the worklist, but no task opened (nothing to triage without predictions)"));
        var verdicts = waves.Sum(w => w.QcAccepted + w.QcRejectedSubmissions);
        stages.Add(new DemoStageReport("quality-control", verdicts > 0,
            verdicts > 0 ? $"{waves.Sum(w => w.QcAccepted)} accepted, {waves.Sum(w => w.QcRejectedSubmissions)} rejected"
                : "composed, but no submission reached it (no task opened)"));
    }

    internal static string Describe(DemoWaveReport w)
    {
        var counts = string.Create(CultureInfo.InvariantCulture,
            $"{w.StudiesIngested}/{w.StudiesSent} studies ingested ({w.InstancesIngested} instances), {w.Predictions} predictions, {w.TasksOpened} tasks opened, {w.TasksAnswered} answered, QC {w.QcAccepted} accepted / {w.QcRejectedSubmissions} rejected");
        var reasons = w.QcRejected.Count > 0 ? " (" + string.Join(", ", w.QcRejected.Select(kv => $"{kv.Key} {kv.Value}")) + ")" : "";
        return counts + reasons + (w.Settled ? "" : " — not settled");
    }

    internal static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
