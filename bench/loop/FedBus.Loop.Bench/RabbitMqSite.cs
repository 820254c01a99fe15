using FedBus.ServiceDefaults.Blobs;
using FedBus.Testing;
using MassTransit;
using FedBus.ServiceDefaults.Hosting;

namespace FedBus.Loop.Bench;

/// <summary>
/// Inference, annotation-request and QC each its own process (their Release build output) on a fresh RabbitMQ
/// virtual host, sharing one blob folder; the bench announces studies on its own MassTransit bus, as ingestion would.
/// </summary>
public sealed class RabbitMqSite(RabbitMqVirtualHost broker, IBusControl bus, IBlobStore blobs, List<ExternalProcess> processes, Uri annotations, Uri inference, string folder) : LoopSite
{
    public override string Name => "rabbitmq";

    public override IBlobStore Blobs => blobs;

    public override IBus Bus => bus;

    /// <summary>Requests go straight to the owning process (the gateway is not part of this path).</summary>
    public override HttpClient Http { get; } = SignedIn(RoutingClient.Create(annotations, inference));

    public override double ServiceCpuMilliseconds() => processes.Sum(p => ProcessCpu.Milliseconds(p.Id));

    public override bool InProcess => false;

    public static async Task<RabbitMqSite> StartAsync(int mcPasses)
    {
        var folder = Directory.CreateTempSubdirectory("fedbus-loop-bench-").FullName;
        var broker = new RabbitMqVirtualHost();
        await broker.InitializeAsync();
        var blobRoot = Path.Combine(folder, "blobs");
        var processes = new List<ExternalProcess>();
        var urls = new Dictionary<string, Uri>();
        var starts = new List<Task>();
        foreach (var (name, project) in new[] { ("inference", "FedBus.Inference"), ("annotation-request", "FedBus.AnnotationRequest"), ("quality-control", "FedBus.QualityControl") })
        {
            var url = $"http://127.0.0.1:{FreeTcpPort.Next()}";
            var env = Settings(Path.Combine(folder, name), blobRoot, mcPasses).ToDictionary(e => e.Key.Replace(":", "__", StringComparison.Ordinal), e => e.Value);
            foreach (var (k, v) in broker.Settings) env[k] = v;
            env["ASPNETCORE_URLS"] = url;
            env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information"; // "Now listening on"
            var dll = RepositoryPaths.BuiltAssembly($"services/{project}", project);
            var cwd = Directory.CreateDirectory(Path.Combine(folder, "cwd-" + name)).FullName;
            var process = ExternalProcess.Start("dotnet", [dll], env, cwd);
            processes.Add(process);
            urls[name] = new Uri(url + "/");
            starts.Add(process.WaitForLineAsync(l => l.Contains("Now listening on: " + url, StringComparison.Ordinal), TimeSpan.FromMinutes(3), name + " to listen"));
        }
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            // A service that did not start must not outlive the bench (nor its virtual host).
            foreach (var p in processes) await p.DisposeAsync();
            await broker.DisposeAsync();
            throw;
        }
        var options = broker.BusOptions;
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, h =>
        {
            h.Username(options.Username);
            h.Password(options.Password);
        }));
        await bus.StartAsync();
        return new RabbitMqSite(broker, bus, new FileSystemBlobStore(blobRoot), processes, urls["annotation-request"], urls["inference"], folder);
    }

    public override async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await bus.StopAsync();
        foreach (var p in processes) await p.DisposeAsync();
        await broker.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
