using System.Diagnostics;
using System.Globalization;
using FedBus.AppHost.Demo;
using FedBus.AppHost.Demo.Reporting;
using FedBus.AppHost.Experiments;
using FedBus.Learning;
using FedBus.ServiceDefaults.Federation;
using FedBus.ServiceDefaults.Hosting;
using FedBus.ServiceDefaults.Security;
using Spectre.Console;

namespace FedBus.AppHost.Up;

/// <summary>
/// One `up`: the demo's federation with every service its own process on RabbitMQ — per site ingestion, inference,
/// annotation-request, quality-control and training on the site's virtual host; aggregation on the hub's, whose start-up
/// sets up the shovels (the whitelist) to every site; the PACS and the radiologists as processes of their own. Drives
/// the waves and rounds as `demo` does, counts from its own observer queue on every site's virtual host, audits the
/// services' records for anything lost or doubled, and writes report.json/html. Without --detach it stops everything
/// at the end (as `down` does); up-state.json in --out says what was started either way.
/// </summary>
internal sealed class UpRun(DemoSettings settings, BrokerSettings broker, bool detach, string commandLine, IAnsiConsole console, bool plain)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public async Task<DemoReport> ExecuteAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var folder = Path.GetFullPath(settings.OutputDirectory);
        Directory.CreateDirectory(folder);
        if (UpState.Load(folder) is { } previous && previous.Processes.Any(ChildProcesses.IsAlive))
            throw new Cli.UsageException($"{folder} holds a federation that is still up (run {previous.RunId}): run 'down --out {folder}' first, or use another --out.");
        foreach (var owned in new[] { "sites", "hub", "pacs", "logs", "gateways", "work" })
        {
            var path = Path.Combine(folder, owned);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        var builds = ServiceBuilds.Locate();
        using var admin = new BrokerAdmin(broker);
        await admin.CheckAsync(cancellationToken);

        var state = new UpState
        {
            RunId = Guid.NewGuid().ToString("N")[..8],
            ManagementUrl = broker.ManagementUrl,
            AmqpEndpoint = $"{broker.Host}:{broker.Port}",
            SigningKey = DemoTokens.SigningKey,
            Detached = detach,
        };
        await state.SaveAsync(folder);
        var live = !plain && console.Profile.Capabilities.Interactive;
        using var progress = new DemoProgress(console, new StreamWriter(Path.Combine(folder, "up.log"), append: false), live, DemoRun.MetricOf(settings.Task));
        DemoReport? report = null;
        var ok = false;
        try
        {
            await progress.RunAsync(async () => report = await RunAsync(folder, builds, admin, state, started, progress, cancellationToken));
            ok = true;
        }
        finally
        {
            if (!detach || !ok)
            {
                // Stopping is not cancelled by the Ctrl+C that may have ended the run.
                foreach (var line in await DownRun.TearDownAsync(state, admin, CancellationToken.None)) progress.Note(line);
                await state.SaveAsync(folder);
            }
        }
        await DemoReportWriter.WriteAsync(report!, folder, cancellationToken);
        DemoConsoleSummary.Write(console, report!, folder, "up.log");
        console.WriteLine(detach
            ? $"Still running ({state.Processes.Count} processes, state in {UpState.PathIn(folder)}): stop them with 'down --out {folder}'."
            : $"Stopped every process and deleted the virtual hosts of run {state.RunId}.");
        return report!;
    }

    private async Task<DemoReport> RunAsync(string folder, ServiceBuilds builds, BrokerAdmin admin, UpState state, DateTimeOffset started,
        DemoProgress progress, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var stages = new List<DemoStageReport>();
        TorchRuntime.Initialize(settings.Threads);
        var run = state.RunId;
        var hubVhost = $"fedbus-up-{run}-hub";

        progress.Stage($"preparing {settings.Sites} sites from the brain MRI benchmark");
        var data = DemoData.Prepare(settings);
        await SimulatorCommands.WriteSettingsAsync(settings with { OutputDirectory = folder }, folder);
        var settingsFile = Path.Combine(folder, SimulatorCommands.SettingsFile);

        progress.Stage($"version 1: {data.Founding.Count} labelled slices of {data.Sites[0].SiteId}, {settings.FoundingEpochs} epochs");
        using var bench = new ModelWorkbench(data.Spec, ExperimentSettings.FullRun with { Seed = settings.Seed, Threads = settings.Threads });
        var (v1, _) = bench.Train(bench.Initial(Seeds.Derive(settings.Seed, "v1-init")), data.Founding, settings.FoundingEpochs,
            Seeds.Derive(settings.Seed, "v1-train"), cancellationToken: cancellationToken);
        var initial = DemoRun.HeldOut(bench, v1, data);
        foreach (var (site, value) in initial.Sites) progress.Metric(site, value);

        progress.Stage($"virtual hosts on {broker.Host}:{broker.Port}");
        foreach (var vhost in data.Sites.Select(s => VhostOf(run, s.SiteId)).Append(hubVhost))
        {
            state.VirtualHosts.Add(vhost);
            await state.SaveAsync(folder);
            await admin.CreateVirtualHostAsync(vhost, cancellationToken);
        }

        // The observers' queues exist before anything is published on the sites' virtual hosts.
        var task = DemoTaskConfig.For(settings.Task);
        var sites = new List<UpSite>();
        var observers = new List<SiteObserverBus>();
        var gateways = new List<GatewayHost>();
        var http = new List<HttpClient>();
        using var stopReaders = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            progress.Stage($"starting the hub and {settings.Sites} × {ServiceBuilds.SiteServices.Count} site services as processes");
            var hubUrl = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/");
            var linkUserPrefix = $"fedbus-up-{run}-link-";
            state.LinkUsers.AddRange(data.Sites.Select(s => linkUserPrefix + s.SiteId));
            var hub = Launch(state, folder, builds.PathOf(ServiceBuilds.HubAssembly), "hub", "aggregation", null, hubVhost, hubUrl, HubEnvironment(folder, run, hubVhost, linkUserPrefix, data));
            var pending = new List<(UpProcess Process, Uri Url)> { (hub, hubUrl) };
            foreach (var site in data.Sites)
            {
                var activity = new SiteActivity(site.SiteId, data.Truth, data.Spec.Classes);
                var siteFolder = Path.Combine(folder, "sites", site.SiteId);
                observers.Add(await SiteObserverBus.StartAsync(broker, VhostOf(run, site.SiteId), activity, Path.Combine(siteFolder, "blobs"), cancellationToken));
                var dicomPort = FreeTcpPort.Next();
                var services = new Dictionary<string, Uri>(StringComparer.Ordinal);
                foreach (var (role, assembly) in ServiceBuilds.SiteServices)
                {
                    var url = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/");
                    services[role] = url;
                    var p = Launch(state, folder, builds.PathOf(assembly), $"{site.SiteId}-{role}", role, site.SiteId, VhostOf(run, site.SiteId), url,
                        SiteEnvironment(site.SiteId, siteFolder, VhostOf(run, site.SiteId), hubUrl, role == "ingestion" ? dicomPort : null, task));
                    if (role == "ingestion") p.DicomPort = dicomPort;
                    pending.Add((p, url));
                }
                sites.Add(new UpSite(site, activity, VhostOf(run, site.SiteId), services, dicomPort));
            }
            await state.SaveAsync(folder);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(pending.Select(p => WaitListeningAsync(p.Process, p.Url, cancellationToken)));
            progress.Note(string.Create(CultureInfo.InvariantCulture, $"{pending.Count} service processes answer /health/live after {clock.Elapsed.TotalSeconds:0.0} s"));

            foreach (var s in sites)
            {
                var gateway = await GatewayHost.StartAsync(s.Site.SiteId, s.Routes(hubUrl), folder, cancellationToken);
                gateways.Add(gateway);
                http.Add(new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { Authorization = DemoTokens.For(FedBusRoles.SiteAdmin, s.Site.SiteId, "fedbus-up") } });
                progress.Note($"{s.Site.SiteId}: vhost {s.VirtualHost}, " + string.Join(", ", s.Services.Select(kv => $"{kv.Key} {kv.Value}")) + $", DICOM 127.0.0.1:{s.DicomPort}, gateway {gateway.Address}");
            }
            using var hubHttp = new HttpClient { BaseAddress = hubUrl, Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { Authorization = DemoTokens.For(FedBusRoles.HubAdmin, null, "ml-engineer") } };
            var hubClient = new HubClient(hubHttp);
            progress.Note($"hub: aggregation at {hubUrl} on vhost {hubVhost}; its link shovels the whitelist to and from {sites.Count} sites");
            stages.Add(new DemoStageReport("processes", true,
                $"{pending.Count} service processes from their build outputs ({builds.Configuration}): per site " +
                $"{string.Join(", ", ServiceBuilds.SiteServices.Select(s => s.Role))} on the site's virtual host; aggregation on {hubVhost}; " +
                $"RabbitMQ {broker.Host}:{broker.Port}, LiteDB per service and one blob store per site under {folder}"));
            stages.Add(new DemoStageReport("site↔hub link", true,
                $"RabbitMQ shovels set up by the hub at start-up: up {string.Join(", ", FederationWhitelist.SiteToHub.Select(t => t.Name))}; " +
                $"down {string.Join(", ", FederationWhitelist.HubToSite.Select(t => t.Name))}"));

            var file = VersionOne.WeightFile(data.Spec, v1, data.Founding, settings.Seed, settings.McPasses, settings.CalibrationShifts);
            progress.Stage($"version 1 ({file.Length / 1024} KiB) imported into the hub's registry");
            var imported = await hubClient.ImportAsync(task.ModelId, data.Spec.ArchitectureId, data.ClassNames, task.Kind, file, cancellationToken);
            await DemoRun.WaitAdoptedAsync(sites, http, imported, cancellationToken);
            stages.Add(new DemoStageReport("version 1", true, $"imported at the hub ({file.Length} bytes), published, shovelled to every site and adopted by every site's inference process"));

            var readers = new List<(UpProcess Process, Task Watch)>();
            foreach (var s in sites)
            {
                var p = Simulator(state, folder, builds, $"{s.Site.SiteId}-radiologists", "radiologists", s.Site.SiteId,
                    ["simulate-radiologist", "--settings", settingsFile, "--site", s.Site.Index.ToString(CultureInfo.InvariantCulture), "--url", s.Services["annotation-request"].ToString()]);
                readers.Add((p, WatchAsync(p, stopReaders.Token)));
            }
            await state.SaveAsync(folder);

            var waves = new List<DemoWaveReport>();
            var rounds = new List<DemoRoundReport>();
            using var buses = new BusConnections([.. state.Processes.Where(p => p.Url is not null).Select(p => (p.Name, new Uri(p.Url!)))], observers);
            var federation = new FederationRounds(settings, task, hubClient, sites, http, bench, data, progress, initial, imported);
            for (int wave = 0; wave < settings.Waves; wave++)
            {
                progress.Round(wave == 0 ? "before round 1" : $"after round {wave}");
                foreach (var s in sites) s.Activity.StartPeriod(wave);
                progress.Stage($"wave {wave + 1}/{settings.Waves}: every PACS process sends {settings.StudiesPerWave} studies");
                await Task.WhenAll(sites.Select(s => SendWaveAsync(folder, builds, settingsFile, s, wave, cancellationToken)));
                progress.Stage($"wave {wave + 1}/{settings.Waves}: ingestion, triage, radiologists and QC at work");
                var settled = await DemoRun.WaitSettledAsync(settings, wave, sites, http, () => "", readers.Select(r => r.Watch).ToList(), cancellationToken, buses.FirstDownAsync);
                if (!settled) notes.Add($"Wave {wave + 1} had not settled after {settings.WaveTimeout}: its counts are what had happened by then.");
                waves.Add(DemoRun.WaveReport(wave, sites, settled));
                progress.Note($"wave {wave + 1}: " + DemoRun.Describe(waves[^1]));
                if (wave == settings.Rounds) break;
                var round = await federation.RunAsync(wave + 1, waves[^1], cancellationToken);
                rounds.Add(round);
                if (round.PublishedVersion is { } published) await DemoRun.WaitAdoptedAsync(sites, http, published, cancellationToken);
            }
            await stopReaders.CancelAsync();
            var seenBySite = sites.ToDictionary(s => s.Site.SiteId, _ => new HashSet<Guid>(), StringComparer.Ordinal);
            foreach (var (p, _) in readers)
                foreach (var line in ReadLog(p.Log).Where(l => l.StartsWith("seen\t", StringComparison.Ordinal)))
                {
                    var f = line.Split('\t');
                    seenBySite[p.SiteId!].Add(Guid.Parse(f[1]));
                    sites.First(s => s.Site.SiteId == p.SiteId).Activity.TaskSeen(Guid.Parse(f[1]), f[2], DateTimeOffset.Parse(f[3], CultureInfo.InvariantCulture));
                }
            stages.Add(DemoRun.RoundsStage(rounds, waves));
            DemoRun.AddWaveStages(stages, waves);

            progress.Stage("auditing the services' records: lost or doubled studies, predictions, verdicts, updates");
            var audit = await UpAudit.RunAsync(sites, http, hubHttp, [.. rounds.Where(r => r.RoundId is not null).Select(r => r.RoundId!.Value)],
                [.. sites.Select(s => (IReadOnlySet<Guid>)seenBySite[s.Site.SiteId])],
                [.. state.Processes.Where(p => p.Url is not null).Select(p => (p.Name, new Uri(p.Url!)))], cancellationToken);
            var duplicates = sites.Sum(s => s.Activity.DuplicateDeliveries);
            stages.Add(new DemoStageReport("exactly once", audit.ExactlyOnce,
                audit.ExactlyOnce
                    ? $"{audit.StudiesSent} studies indexed once, {audit.InstancesPredictedOnce}/{audit.InstancesSent} instances predicted once, {audit.SubmissionsChecked} submissions with one verdict, {audit.UpdatesChecked} round updates recorded once; the observer saw {duplicates} duplicate deliveries (dropped by id)"
                    : $"{audit.Problems.Count} problems: " + string.Join("; ", audit.Problems.Take(10))));
            foreach (var problem in audit.Problems) notes.Add("Delivery: " + problem);

            return DemoRun.Report(settings, data, [.. sites.Select(s => s.Activity)], rounds, initial, waves, stages, commandLine, started, progress.Elapsed, notes) with
            {
                Mode = "up",
                Delivery = audit,
                DuplicateDeliveries = duplicates,
            };
        }
        finally
        {
            await stopReaders.CancelAsync();
            foreach (var c in http) c.Dispose();
            foreach (var g in gateways) await g.DisposeAsync();
            foreach (var o in observers) await o.DisposeAsync();
        }
    }

    public static string VhostOf(string run, string siteId) => $"fedbus-up-{run}-{siteId}";

    private UpProcess Launch(UpState state, string folder, string dll, string name, string role, string? siteId, string vhost, Uri url, Dictionary<string, string> environment)
    {
        environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        environment["FedBus__Bus__Transport"] = "RabbitMq";
        environment["FedBus__Bus__Host"] = broker.Host;
        environment["FedBus__Bus__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture);
        environment["FedBus__Bus__VirtualHost"] = vhost;
        environment["FedBus__Bus__Username"] = broker.Username;
        environment["FedBus__Bus__Password"] = broker.Password;
        environment["FedBus__Bus__OutboxSweepInterval"] = "00:00:00.500";
        environment["FedBus__Bus__RedeliveryIntervals__0"] = "00:00:01";
        environment["FedBus__Bus__RedeliveryIntervals__1"] = "00:00:05";
        environment["FedBus__Bus__RedeliveryIntervals__2"] = "00:00:15";
        environment["FedBus__Storage__Provider"] = "LiteDb";
        environment["FedBus__Auth__SigningKey"] = state.SigningKey;
        environment["Logging__LogLevel__Default"] = "Information";
        environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        var p = ChildProcesses.Start(name, role, ["dotnet", dll], environment, Path.Combine(folder, "work", name), Path.Combine(folder, "logs", name + ".log"));
        p.SiteId = siteId;
        p.Url = url.ToString();
        p.VirtualHost = vhost;
        state.Processes.Add(p);
        return p;
    }

    private static UpProcess Simulator(UpState state, string folder, ServiceBuilds builds, string name, string role, string siteId, IReadOnlyList<string> arguments)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [DemoTokens.EnvironmentKey] = state.SigningKey };
        var p = ChildProcesses.Start(name, role, ["dotnet", builds.AppHost, .. arguments], environment, builds.Root, Path.Combine(folder, "logs", name + ".log"));
        p.SiteId = siteId;
        state.Processes.Add(p);
        return p;
    }

    private Dictionary<string, string> HubEnvironment(string folder, string run, string hubVhost, string linkUserPrefix, DemoData data)
    {
        var e = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["FedBus__DataDirectory"] = Path.Combine(folder, "hub"),
            ["FedBus__Aggregation__SweepInterval"] = "00:00:01",
            ["FedBus__Aggregation__TorchThreads"] = settings.Threads.ToString(CultureInfo.InvariantCulture),
            ["FedBus__Federation__InlineWeightsLimitBytes"] = settings.InlineWeightsLimitBytes.ToString(CultureInfo.InvariantCulture),
            ["FedBus__Federation__Link__ConfigureAtStartup"] = "true",
            ["FedBus__Federation__Link__ManagementUrl"] = broker.ManagementUrl,
            ["FedBus__Federation__Link__ManagementUsername"] = broker.Username,
            ["FedBus__Federation__Link__ManagementPassword"] = broker.Password,
            ["FedBus__Federation__Link__AmqpHost"] = broker.Host,
            ["FedBus__Federation__Link__AmqpPort"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["FedBus__Federation__Link__HubVirtualHost"] = hubVhost,
            ["FedBus__Federation__Link__LinkUserPrefix"] = linkUserPrefix,
            ["FedBus__Federation__Link__ReconnectDelaySeconds"] = "1",
        };
        for (var i = 0; i < data.Sites.Count; i++)
        {
            e[$"FedBus__Federation__Link__Sites__{i}__SiteId"] = data.Sites[i].SiteId;
            e[$"FedBus__Federation__Link__Sites__{i}__VirtualHost"] = VhostOf(run, data.Sites[i].SiteId);
            e[$"FedBus__Federation__Link__Sites__{i}__LinkPassword"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        }
        return e;
    }

    private Dictionary<string, string> SiteEnvironment(string siteId, string siteFolder, string vhost, Uri hubUrl, int? dicomPort, DemoTaskConfig task)
    {
        var c = settings.Threads.ToString(CultureInfo.InvariantCulture);
        var e = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["FedBus__SiteId"] = siteId,
            // Every service of a site shares its folder: one blob store (inference and training read ingestion's
            // instances), a LiteDB file per service.
            ["FedBus__DataDirectory"] = siteFolder,
            ["FedBus__Ingestion__AeTitle"] = "FEDBUS",
            ["FedBus__Ingestion__DicomPort"] = (dicomPort ?? 0).ToString(CultureInfo.InvariantCulture),
            ["FedBus__Ingestion__BindAddress"] = "127.0.0.1",
            ["FedBus__Ingestion__StudySettleTime"] = settings.StudySettleTime.ToString("c", CultureInfo.InvariantCulture),
            ["FedBus__AnnotationRequest__SweepInterval"] = "00:00:01",
            ["FedBus__Instances__Source"] = "BlobStore",
            ["FedBus__Inference__TorchThreads"] = c,
            [$"FedBus__Tasks__{task.Name}__ModelId"] = task.ModelId,
            [$"FedBus__Tasks__{task.Name}__Kind"] = task.Kind,
            [$"FedBus__Tasks__{task.Name}__InputSize"] = settings.InputSize.ToString(CultureInfo.InvariantCulture),
            [$"FedBus__Tasks__{task.Name}__Modalities__0"] = "MR",
            [$"FedBus__Tasks__{task.Name}__McPasses"] = settings.McPasses.ToString(CultureInfo.InvariantCulture),
            [$"FedBus__Tasks__{task.Name}__Triage__Strategy"] = settings.Triage,
            [$"FedBus__Tasks__{task.Name}__Triage__AuditRate"] = settings.AuditRate.ToString(CultureInfo.InvariantCulture),
            [$"FedBus__Tasks__{task.Name}__Triage__AuditSeed"] = $"demo-{settings.Seed}",
            ["FedBus__Federation__HubUrl"] = hubUrl.ToString(),
            ["FedBus__Federation__InlineWeightsLimitBytes"] = settings.InlineWeightsLimitBytes.ToString(CultureInfo.InvariantCulture),
            ["FedBus__Training__TorchThreads"] = c,
            ["FedBus__Training__ValidationFraction"] = settings.ValidationFraction.ToString(CultureInfo.InvariantCulture),
            ["FedBus__Training__JobPollInterval"] = "00:00:01",
            ["FedBus__Training__JobRetryDelay"] = "00:00:02",
            ["FedBus__QualityControl__ReportEveryVerdicts"] = "10",
        };
        if (settings.Budget is { } budget) e[$"FedBus__Tasks__{task.Name}__Triage__DailyBudget"] = budget.ToString(CultureInfo.InvariantCulture);
        return e;
    }

    /// <summary>Until the process answers GET /health/live; fails with its log when it exits or takes too long.</summary>
    private static async Task WaitListeningAsync(UpProcess process, Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!ChildProcesses.IsAlive(process))
                throw new InvalidOperationException($"{process.Name} (pid {process.Pid}) exited while starting; the end of {process.Log}:\n{ChildProcesses.Tail(process.Log)}");
            try
            {
                using var response = await http.GetAsync("health/live", cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Busy starting.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{process.Name} (pid {process.Pid}) did not answer {url}health/live within {StartTimeout.TotalMinutes:0} minutes; the end of {process.Log}:\n{ChildProcesses.Tail(process.Log)}");
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>A reader process that ends before the run stops it is a failure the wave wait reports.</summary>
    private static async Task WatchAsync(UpProcess process, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (!ChildProcesses.IsAlive(process))
                throw new InvalidOperationException($"{process.Name} (pid {process.Pid}) exited; the end of {process.Log}:\n{ChildProcesses.Tail(process.Log)}");
            try { await Task.Delay(500, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One wave of one site's PACS: its own process (`simulate-pacs`), awaited; what it stored feeds the latency figures.</summary>
    private static async Task SendWaveAsync(string folder, ServiceBuilds builds, string settingsFile, UpSite site, int wave, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = builds.Root };
        foreach (var a in new[] { builds.AppHost, "simulate-pacs", "--settings", settingsFile, "--site", site.Site.Index.ToString(CultureInfo.InvariantCulture),
                     "--wave", wave.ToString(CultureInfo.InvariantCulture), "--port", site.DicomPort.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = await output;
        await File.WriteAllTextAsync(Path.Combine(folder, "logs", $"{site.Site.SiteId}-pacs-wave-{wave + 1}.log"), text + await error, cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{site.Site.SiteId}'s PACS process failed on wave {wave + 1} (exit {process.ExitCode}): {(await error).Trim()}");
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("stored\t", StringComparison.Ordinal)))
        {
            var f = line.TrimEnd('\r').Split('\t');
            site.Activity.StudyStored(f[1], DateTimeOffset.Parse(f[2], CultureInfo.InvariantCulture));
        }
    }

    private static IEnumerable<string> ReadLog(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
    }
}
