using System.Globalization;
using System.Net.Http.Json;
using FedBus.Inference.Tests.Support;
using FedBus.Testing;
using MassTransit;
using FedBus.ServiceDefaults.Hosting;

namespace FedBus.Loop.Tests;

/// <summary>
/// One site (one RabbitMQ virtual host) run the way it is deployed: ingestion, inference, annotation-request,
/// quality-control and the gateway, each its own process started from its build output with `dotnet &lt;dll&gt;`,
/// LiteDB per service and one blob folder shared by all (the compose volume). Services start in a temporary working
/// directory, so every setting is the environment below (appsettings.json is not read); the gateway runs in its own
/// folder (its routes) with the cluster addresses pointed at these processes. The test publishes as the hub would
/// (a plain MassTransit bus on the same virtual host).
/// </summary>
public sealed class LoopSite : IAsyncLifetime
{
    public const string TaskName = "brain-extraction";
    public const string AeTitle = "FEDBUS";

    private readonly TempDirectory _root = new();
    private readonly List<SiteProcess> _processes = [];
    private IBusControl? _hub;

    public RabbitMqVirtualHost Broker { get; } = new();

    public int DicomPort { get; } = FreeTcpPort.Next();

    public SiteProcess Gateway => _processes.Single(p => p.Name == "gateway");

    public IBus Hub => _hub!;

    public string Scratch => _root.Path;

    public async Task InitializeAsync()
    {
        await Broker.InitializeAsync();
        var blobs = Directory.CreateDirectory(_root.File("blobs")).FullName;
        var ports = new[] { "ingestion", "inference", "annotation-request", "quality-control", "gateway" }.ToDictionary(n => n, _ => FreeTcpPort.Next());
        string Url(string name) => $"http://127.0.0.1:{ports[name]}";

        Dictionary<string, string> Service(string name) => new(Broker.Settings)
        {
            ["ASPNETCORE_URLS"] = Url(name),
            ["FedBus__SiteId"] = "site-a",
            [TestTokens.EnvironmentKey] = TestTokens.SigningKey,
            ["FedBus__DataDirectory"] = Directory.CreateDirectory(_root.File(name)).FullName,
            ["FedBus__Storage__Provider"] = "LiteDb",
            ["FedBus__Storage__BlobRoot"] = blobs,
        };

        var ingestion = Service("ingestion");
        ingestion["FedBus__Ingestion__AeTitle"] = AeTitle;
        ingestion["FedBus__Ingestion__DicomPort"] = DicomPort.ToString(CultureInfo.InvariantCulture);
        ingestion["FedBus__Ingestion__BindAddress"] = "127.0.0.1";
        ingestion["FedBus__Ingestion__StudySettleTime"] = "00:00:01";

        var inference = Service("inference");
        inference["FedBus__Instances__Source"] = "BlobStore";
        inference["FedBus__Inference__TorchThreads"] = "1";
        inference[$"FedBus__Tasks__{TaskName}__ModelId"] = TaskName;
        inference[$"FedBus__Tasks__{TaskName}__Kind"] = "Segmentation";
        inference[$"FedBus__Tasks__{TaskName}__InputSize"] = "64";
        inference[$"FedBus__Tasks__{TaskName}__Modalities__0"] = "MR";
        inference[$"FedBus__Tasks__{TaskName}__McPasses"] = "4";
        inference[$"FedBus__Tasks__{TaskName}__MaxBatchSize"] = "8";
        inference[$"FedBus__Tasks__{TaskName}__MaxBatchWait"] = "00:00:00.020";

        // Threshold 0: every result of the task opens a task ("uncertainty"), so the test knows which tasks to expect;
        // audit rate 0: no double reads.
        var annotations = Service("annotation-request");
        annotations["FedBus__AnnotationRequest__Triage__Threshold"] = "0";
        annotations["FedBus__AnnotationRequest__Triage__AuditRate"] = "0";

        var qc = Service("quality-control");

        var gateway = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = Url("gateway"), ["FedBus__SiteId"] = "site-a", [TestTokens.EnvironmentKey] = TestTokens.SigningKey };
        foreach (var (cluster, service) in new[] { ("ingestion", "ingestion"), ("inference", "inference"),
                     ("annotation-request", "annotation-request"), ("quality-control", "quality-control") })
            gateway[$"ReverseProxy__Clusters__{cluster}__Destinations__d1__Address"] = Url(service) + "/";

        var started = new List<Task>
        {
            Start("ingestion", "services/FedBus.Ingestion", "FedBus.Ingestion", ingestion, Url("ingestion")),
            Start("inference", "services/FedBus.Inference", "FedBus.Inference", inference, Url("inference")),
            Start("annotation-request", "services/FedBus.AnnotationRequest", "FedBus.AnnotationRequest", annotations, Url("annotation-request")),
            Start("quality-control", "services/FedBus.QualityControl", "FedBus.QualityControl", qc, Url("quality-control")),
            Start("gateway", "gateway/FedBus.Gateway", "FedBus.Gateway", gateway, Url("gateway"), ownFolder: true),
        };
        await Task.WhenAll(started);

        var options = Broker.BusOptions;
        _hub = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, h =>
        {
            h.Username(options.Username);
            h.Password(options.Password);
        }));
        await _hub.StartAsync(TimeSpan.FromSeconds(30));
    }

    private async Task Start(string name, string folder, string assembly, Dictionary<string, string> environment, string url, bool ownFolder = false)
    {
        var dll = RepositoryPaths.BuiltAssembly(folder, assembly);
        var workingDirectory = ownFolder ? Path.GetDirectoryName(dll)! : Directory.CreateDirectory(_root.File("cwd-" + name)).FullName;
        var process = ExternalProcess.Start("dotnet", [dll], environment, workingDirectory);
        _processes.Add(new SiteProcess(name, new Uri(url + "/"), process));
        // The bus starts (queues bound) before Kestrel listens (MassTransitHostOptions.WaitUntilStarted).
        await process.WaitForLineAsync(l => l.Contains("Now listening on: " + url, StringComparison.Ordinal), TimeSpan.FromMinutes(2), $"{name} to listen on {url}");
    }

    public HttpClient Client(string reader)
    {
        var client = new HttpClient { BaseAddress = Gateway.Url, Timeout = TimeSpan.FromSeconds(30) };
        // A radiologist of the site (the worklist) who may also read its images; the token's subject is the reader.
        client.DefaultRequestHeaders.Authorization = TestTokens.Bearer(reader, "site-a", FedBus.ServiceDefaults.Security.FedBusRoles.Radiologist);
        return client;
    }

    /// <summary>Every queue of the virtual host with its message count (management API).</summary>
    public async Task<IReadOnlyList<QueueCount>> QueuesAsync()
    {
        using var management = RabbitMqBroker.CreateManagementClient();
        return await management.GetFromJsonAsync<List<QueueCount>>($"/api/queues/{Uri.EscapeDataString(Broker.Name)}") ?? [];
    }

    /// <summary>What the processes wrote, for a failing assertion's message.</summary>
    public string Transcripts() => string.Join("\n", _processes.Select(p => $"===== {p.Name} =====\n{p.Process.Transcript}"));

    public async Task DisposeAsync()
    {
        if (_hub is not null) await _hub.StopAsync();
        foreach (var p in _processes) await p.Process.DisposeAsync();
        await Broker.DisposeAsync();
        _root.Dispose();
    }
}
