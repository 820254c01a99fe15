using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FedBus.Learning;
using FedBus.Learning.Weights;
using FedBus.ServiceDefaults.Federation;
using FedBus.Testing;
using FedBus.Training.Tests.Support;
using MassTransit;
using FedBus.ServiceDefaults.Hosting;

namespace FedBus.Federation.Tests;

/// <summary>
/// A federation on one RabbitMQ as it is deployed: the hub (aggregation) on its virtual host, three sites (training)
/// each on its own, every service its own process started from its build output with `dotnet &lt;dll&gt;`, LiteDB and
/// blobs in a data folder per process (kept across a restart). The hub sets the shovels up at start-up from the
/// whitelist; a fourth site ("rogue") has a virtual host and a link but no process: the test speaks for it. Each site is
/// seeded with its own phantoms through the training API; the hub imports version 1 of the model.
/// </summary>
public sealed class Federation : IAsyncLifetime
{
    public const string ModelId = "phantom-seg";
    public const string Architecture = "unet2d-v1:in=1,classes=2,levels=2,width=8,norm=batch";
    public const int CasesPerSite = 8;

    /// <summary>The gate's tolerances (FedBus:Aggregation:Gate): overall, and each site's own.</summary>
    public const double Tolerance = 0;
    public const double SiteTolerance = 0.05;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly string _root = Directory.CreateTempSubdirectory("fedbus-federation-").FullName;
    private readonly HttpClient _management = RabbitMqBroker.CreateManagementClient();
    private readonly Dictionary<string, FederatedProcess> _running = new(StringComparer.Ordinal);
    private readonly List<FederatedProcess> _all = [];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IBusControl> _buses = new(StringComparer.Ordinal);

    public Federation()
    {
        Sites = [$"site-a-{_run}", $"site-b-{_run}", $"site-c-{_run}"];
        Rogue = $"site-r-{_run}";
        foreach (var name in Sites.Append(HubName)) _ports[name] = FreeTcpPort.Next();
    }

    public const string HubName = "hub";

    /// <summary>The sites with a training process.</summary>
    public IReadOnlyList<string> Sites { get; }

    /// <summary>A linked site without a process: what the test publishes there is what a faulty or stale site would send.</summary>
    public string Rogue { get; }

    public string HubVirtualHost => $"fedbus-test-{_run}-hub";

    public string VirtualHostOf(string siteId) => $"fedbus-test-{_run}-{siteId}";

    public Uri UrlOf(string name) => new($"http://127.0.0.1:{_ports[name]}/");

    /// <summary>The hub as its ML engineer (hub-admin), a site as that site's staff (every site role).</summary>
    public HttpClient Client(string name) => new()
    {
        BaseAddress = UrlOf(name),
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders =
        {
            Authorization = name == HubName
                ? TestTokens.Bearer("ml-engineer", null, ServiceDefaults.Security.FedBusRoles.HubAdmin)
                : TestTokens.SiteBearer(name),
        },
    };

    public HttpClient Management => _management;

    /// <summary>How long starting the four processes, importing the model and seeding the sites took.</summary>
    public TimeSpan SetUpTime { get; private set; }

    /// <summary>Where the set-up time went (for the report).</summary>
    public string SetUpPhases { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var vhost in Sites.Append(Rogue).Select(VirtualHostOf).Append(HubVirtualHost))
        {
            (await _management.PutAsJsonAsync($"/api/vhosts/{Uri.EscapeDataString(vhost)}", new { description = "FedBus federation test" })).EnsureSuccessStatusCode();
            (await _management.PutAsJsonAsync($"/api/permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(RabbitMqBroker.Username)}",
                new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        }

        // The hub first: its start-up sets up the link (shovels into every site's virtual host) before its bus starts.
        var phases = new List<string>();
        void Phase(string what) => phases.Add($"{what} {clock.Elapsed.TotalSeconds:0.0} s");
        var hubStarted = StartHubAsync();
        var sitesStarted = Task.WhenAll(Sites.Select(StartSiteAsync));
        var weights = InitialWeights();
        Phase("initial weights");
        await hubStarted;
        Phase("hub listening");
        await sitesStarted;
        Phase("sites listening");

        using (var hub = Client(HubName))
        {
            using var body = new ByteArrayContent(weights);
            var imported = await hub.PostAsync(
                $"/aggregation/models/{ModelId}/import?architectureId={Uri.EscapeDataString(Architecture)}&classes=background,lesion&task=Segmentation&requestedBy=test", body);
            Assert.True(imported.StatusCode == HttpStatusCode.Created, $"import: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");
        }

        // Each site's own phantoms; the split is fixed by the case, so a pool too small to validate on fails here, every run.
        await Task.WhenAll(Sites.Select(async (site, i) =>
        {
            using var http = Client(site);
            for (var n = 1; n <= CasesPerSite; n++)
            {
                var seeded = await http.PostAsJsonAsync($"/training/models/{ModelId}/cases", PhantomCases.SeedRequest(100 * (i + 1) + n));
                Assert.True(seeded.StatusCode == HttpStatusCode.Created, $"seed {site}: {(int)seeded.StatusCode} {await seeded.Content.ReadAsStringAsync()}");
            }
            var dataset = await http.GetFromJsonAsync<JsonElement>($"/training/models/{ModelId}/dataset");
            Assert.True(dataset.GetProperty("validation").GetInt32() >= 1 && dataset.GetProperty("train").GetInt32() >= 2, $"{site}'s split: {dataset}");
        }));
        Phase("seeded");

        // A first round, so the tests' deadlines measure rounds, not three processes loading libtorch at once.
        var warmUp = await StartRoundAsync(new { modelId = ModelId, sites = Sites, localEpochs = 1, minimumSites = Sites.Count, requestedBy = "warm-up" });
        var closed = await WaitForClosedAsync(warmUp.GetProperty("roundId").GetGuid(), TimeSpan.FromMinutes(4));
        Phase($"warm-up round {closed.GetProperty("outcome")}");
        SetUpTime = clock.Elapsed;
        SetUpPhases = string.Join(", ", phases);
    }

    /// <summary>An untrained model of the architecture (seeded), as the federation's imported version 1.</summary>
    private static byte[] InitialWeights()
    {
        TorchRuntime.Initialize(1);
        using var model = ModelSpec.Parse(Architecture).CreateModel(7);
        return SafeTensors.ToBytes(model.ExportWeights(), new WeightMetadata(Architecture, "1", "", "test"));
    }

    public Task StartHubAsync()
    {
        var settings = Common(HubName, HubVirtualHost);
        settings["FedBus__Aggregation__SweepInterval"] = "00:00:00.500";
        settings["FedBus__Aggregation__TorchThreads"] = "1";
        settings["FedBus__Aggregation__Gate__Tolerance"] = Tolerance.ToString(CultureInfo.InvariantCulture);
        settings["FedBus__Aggregation__Gate__SiteTolerance"] = SiteTolerance.ToString(CultureInfo.InvariantCulture);
        settings["FedBus__Federation__Link__ConfigureAtStartup"] = "true";
        settings["FedBus__Federation__Link__ManagementUrl"] = RabbitMqBroker.ManagementUrl;
        settings["FedBus__Federation__Link__ManagementUsername"] = RabbitMqBroker.Username;
        settings["FedBus__Federation__Link__ManagementPassword"] = RabbitMqBroker.Password;
        settings["FedBus__Federation__Link__AmqpHost"] = RabbitMqBroker.Host;
        settings["FedBus__Federation__Link__AmqpPort"] = RabbitMqBroker.Port.ToString(CultureInfo.InvariantCulture);
        settings["FedBus__Federation__Link__HubVirtualHost"] = HubVirtualHost;
        settings["FedBus__Federation__Link__ReconnectDelaySeconds"] = "1";
        var i = 0;
        foreach (var site in Sites.Append(Rogue))
        {
            settings[$"FedBus__Federation__Link__Sites__{i}__SiteId"] = site;
            settings[$"FedBus__Federation__Link__Sites__{i}__VirtualHost"] = VirtualHostOf(site);
            settings[$"FedBus__Federation__Link__Sites__{i}__LinkPassword"] = $"link-{_run}-{i}";
            i++;
        }
        return StartAsync(HubName, "services/FedBus.Aggregation", "FedBus.Aggregation", settings);
    }

    public Task StartSiteAsync(string siteId)
    {
        var settings = Common(siteId, VirtualHostOf(siteId));
        settings["FedBus__SiteId"] = siteId;
        settings["FedBus__Tasks__phantom__ModelId"] = ModelId;
        settings["FedBus__Tasks__phantom__InputSize"] = Phantoms.Size.ToString(CultureInfo.InvariantCulture);
        settings["FedBus__Training__TorchThreads"] = "1";
        settings["FedBus__Training__ValidationFraction"] = "0.25";
        settings["FedBus__Training__Augment"] = "false";
        // A tiny set learns in a few steps at a high rate: the gate sees models that differ.
        settings["FedBus__Training__BatchSize"] = "2";
        settings["FedBus__Training__LearningRate"] = "0.01";
        // A round trains its local epochs to the end (the aggregator test counts on a round that trains for a while).
        settings["FedBus__Training__Patience"] = "1000";
        settings["FedBus__Training__JobLease"] = "00:00:06";
        settings["FedBus__Training__JobPollInterval"] = "00:00:00.250";
        // A job that failed transiently runs again soon.
        settings["FedBus__Training__JobRetryDelay"] = "00:00:01";
        return StartAsync(siteId, "services/FedBus.Training", "FedBus.Training", settings);
    }

    private Dictionary<string, string> Common(string name, string vhost) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_URLS"] = UrlOf(name).ToString().TrimEnd('/'),
        ["FedBus__DataDirectory"] = Directory.CreateDirectory(Path.Combine(_root, name)).FullName,
        ["FedBus__Storage__Provider"] = "LiteDb",
        ["FedBus__Bus__Transport"] = "RabbitMq",
        ["FedBus__Bus__Host"] = RabbitMqBroker.Host,
        ["FedBus__Bus__Port"] = RabbitMqBroker.Port.ToString(CultureInfo.InvariantCulture),
        ["FedBus__Bus__VirtualHost"] = vhost,
        ["FedBus__Bus__Username"] = RabbitMqBroker.Username,
        ["FedBus__Bus__Password"] = RabbitMqBroker.Password,
        ["FedBus__Bus__RedeliveryIntervals__0"] = "00:00:01",
        [TestTokens.EnvironmentKey] = TestTokens.SigningKey,
    };

    private async Task StartAsync(string name, string folder, string assembly, Dictionary<string, string> environment)
    {
        var dll = RepositoryPaths.BuiltAssembly(folder, assembly);
        var workingDirectory = Directory.CreateDirectory(Path.Combine(_root, "cwd-" + name)).FullName;
        var process = ExternalProcess.Start("dotnet", [dll], environment, workingDirectory);
        var started = new FederatedProcess(name, UrlOf(name), process);
        lock (_lock)
        {
            _running[name] = started;
            _all.Add(started);
        }
        var url = environment["ASPNETCORE_URLS"];
        // The bus starts (queues bound) before Kestrel listens (MassTransitHostOptions.WaitUntilStarted).
        await process.WaitForLineAsync(l => l.Contains("Now listening on: " + url, StringComparison.Ordinal), TimeSpan.FromMinutes(2), $"{name} to listen on {url}");
    }

    /// <summary>`kill -9`: SIGKILL, no handler, no flush.</summary>
    public async Task KillAsync(string name)
    {
        FederatedProcess process;
        lock (_lock) process = _running[name];
        await process.Process.KillAsync();
    }

    public bool IsRunning(string name)
    {
        lock (_lock) return _running.TryGetValue(name, out var p) && !p.Process.HasExited;
    }

    /// <summary>Starts a killed service again on its data folder and port (a site or the hub).</summary>
    public Task RestartAsync(string name) => name == HubName ? StartHubAsync() : StartSiteAsync(name);

    /// <summary>A plain MassTransit bus on a site's virtual host: what a (misbehaving) site's own service would publish.</summary>
    public async Task<IBus> BusAtAsync(string siteId)
    {
        if (_buses.TryGetValue(siteId, out var existing)) return existing;
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(RabbitMqBroker.Host, RabbitMqBroker.Port, VirtualHostOf(siteId), h =>
        {
            h.Username(RabbitMqBroker.Username);
            h.Password(RabbitMqBroker.Password);
        }));
        await bus.StartAsync(TimeSpan.FromSeconds(30));
        _buses[siteId] = bus;
        return bus;
    }

    public async Task<JsonElement> StartRoundAsync(object request)
    {
        using var hub = Client(HubName);
        var response = await hub.PostAsJsonAsync("/aggregation/rounds", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"start round: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> RoundAsync(Guid roundId)
    {
        using var hub = Client(HubName);
        return await hub.GetFromJsonAsync<JsonElement>($"/aggregation/rounds/{roundId}");
    }

    /// <summary>Polls the hub until the round is closed (its outcome set); fails with every process's output.</summary>
    public Task<JsonElement> WaitForClosedAsync(Guid roundId, TimeSpan timeout) =>
        EventuallyAsync(() => RoundAsync(roundId), r => r.GetProperty("outcome").ValueKind == JsonValueKind.String, timeout, $"round {roundId} to close");

    /// <summary>Ends a round a failed test left open, so the next test can start one (one round at a time per model).</summary>
    public async Task AbortIfOpenAsync(Guid roundId)
    {
        using var hub = Client(HubName);
        try
        {
            await hub.PostAsJsonAsync($"/aggregation/rounds/{roundId}/abort", new { reason = "the test ended" });
        }
        catch (HttpRequestException)
        {
            // The hub is down: the test has failed already and says why.
        }
    }

    /// <summary>The site's round and validation jobs of a round, optionally in one state (the training API's job list).</summary>
    public async Task<IReadOnlyList<JsonElement>> JobsAsync(string siteId, Guid roundId, string? state)
    {
        using var site = Client(siteId);
        var jobs = await site.GetFromJsonAsync<JsonElement>(state is null ? "/training/jobs" : $"/training/jobs?state={state}");
        return [.. jobs.EnumerateArray().Where(j => j.GetProperty("roundId").GetGuid() == roundId)];
    }

    /// <summary>A queue of its own bound to a message type's exchange (declared as MassTransit declares it) in a virtual host.</summary>
    public async Task BindProbeAsync(string vhost, Type messageType, string queue)
    {
        var v = Uri.EscapeDataString(vhost);
        var exchange = Uri.EscapeDataString(FederationExchanges.NameOf(messageType));
        (await _management.PutAsJsonAsync($"/api/exchanges/{v}/{exchange}", new { type = "fanout", durable = true, auto_delete = false, @internal = false, arguments = new { } }))
            .EnsureSuccessStatusCode();
        (await _management.PutAsJsonAsync($"/api/queues/{v}/{Uri.EscapeDataString(queue)}", new { durable = false, auto_delete = false, arguments = new { } }))
            .EnsureSuccessStatusCode();
        (await _management.PostAsJsonAsync($"/api/bindings/{v}/e/{exchange}/q/{Uri.EscapeDataString(queue)}", new { routing_key = "", arguments = new { } }))
            .EnsureSuccessStatusCode();
    }

    /// <summary>Takes the messages waiting in a queue (their bodies), through the management API.</summary>
    public async Task<IReadOnlyList<string>> TakeAsync(string vhost, string queue)
    {
        var response = await _management.PostAsJsonAsync($"/api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}/get",
            new { count = 100, ackmode = "ack_requeue_false", encoding = "auto", truncate = 1_000_000 });
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. messages.EnumerateArray().Select(m => m.GetProperty("payload").GetString()!)];
    }

    /// <summary>The queues a message type's exchange in a virtual host feeds directly.</summary>
    public async Task<IReadOnlyList<string>> BoundQueuesAsync(string vhost, Type messageType)
    {
        var bindings = await _management.GetFromJsonAsync<JsonElement>(
            $"/api/exchanges/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(FederationExchanges.NameOf(messageType))}/bindings/source");
        return [.. bindings.EnumerateArray().Where(b => b.GetProperty("destination_type").GetString() == "queue").Select(b => b.GetProperty("destination").GetString()!)];
    }

    public async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            T value;
            try
            {
                value = await probe();
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // A process being restarted does not answer yet.
                await Task.Delay(250);
                continue;
            }
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; last seen: {value}\n{Transcripts()}");
            await Task.Delay(250);
        }
    }

    /// <summary>What every process wrote (the killed ones too), for a failing assertion's message.</summary>
    public string Transcripts()
    {
        lock (_lock) return string.Join("\n", _all.Select(p => $"===== {p.Name} (pid {p.Process.Id}) =====\n{Tail(p.Process.Transcript)}"));
    }

    private static string Tail(string text) => text.Length <= 20_000 ? text : "…" + text[^20_000..];

    /// <summary>Queues of the federation's virtual hosts that hold messages a consumer gave up on (MassTransit's _error queues).</summary>
    public async Task<IReadOnlyList<string>> FailedMessagesAsync()
    {
        var failed = new List<string>();
        foreach (var vhost in Sites.Append(Rogue).Select(VirtualHostOf).Append(HubVirtualHost))
        {
            var queues = await _management.GetFromJsonAsync<JsonElement>($"/api/queues/{Uri.EscapeDataString(vhost)}");
            failed.AddRange(queues.EnumerateArray()
                .Where(q => q.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal)
                            && q.TryGetProperty("messages", out var n) && n.GetInt64() > 0)
                .Select(q => $"{vhost}/{q.GetProperty("name").GetString()}: {q.GetProperty("messages").GetInt64()}"));
        }
        return failed;
    }

    public async Task DisposeAsync()
    {
        foreach (var bus in _buses.Values) await bus.StopAsync();
        List<FederatedProcess> all;
        lock (_lock) all = [.. _all];
        // FEDBUS_TEST_TRANSCRIPTS=<file>: keep what the processes wrote (for looking into a run that passed, too).
        if (Environment.GetEnvironmentVariable("FEDBUS_TEST_TRANSCRIPTS") is { Length: > 0 } keep)
            await File.WriteAllTextAsync(keep, string.Join("\n", all.Select(p => $"===== {p.Name} (pid {p.Process.Id}) =====\n{p.Process.Transcript}")));
        foreach (var p in all) await p.Process.DisposeAsync();
        foreach (var vhost in Sites.Append(Rogue).Select(VirtualHostOf).Append(HubVirtualHost))
            await _management.DeleteAsync($"/api/vhosts/{Uri.EscapeDataString(vhost)}");
        foreach (var site in Sites.Append(Rogue))
            await _management.DeleteAsync($"/api/users/{Uri.EscapeDataString("fedbus-link-" + site)}");
        _management.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
