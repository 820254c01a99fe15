using System.Net;
using System.Text.RegularExpressions;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.Deployment.Tests;

/// <summary>
/// Every service and the gateway of docker-compose.yml, run from its published folder the way its container runs it:
/// `dotnet &lt;Assembly&gt;.dll` in that folder, with an environment made only of the image's ENV, then the compose
/// service's environment, then what this machine needs instead of the container network:
/// <list type="bullet">
/// <item>ASPNETCORE_URLS on a non-loopback address of this machine, one port per service (each container has 8080);
/// compose service names in URLs (the gateway's cluster addresses) point at those;</item>
/// <item>RabbitMQ: the local broker, with deploy/rabbitmq/definitions.json imported under a unique prefix, so each
/// service logs in as its own user with the permissions that file gives it;</item>
/// <item>storage: LiteDB, the image's default, instead of compose's MongoDB (no MongoDB server installs here; the
/// Mongo adapter has its own tests against jongodb);</item>
/// <item>container paths map to folders here, a named volume to one folder shared by every service that mounts it;</item>
/// <item>ingestion's DICOM port: a free port on the same address.</item>
/// </list>
/// </summary>
public sealed partial class PublishedDeployment(IMessageSink log) : IAsyncLifetime
{
    private const string ContainerPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fedbus-deployment-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<string, RunningService> _services = [];
    private BrokerScope? _broker;

    internal ComposeFile Compose { get; private set; } = null!;

    internal BrokerScope Broker => _broker!;

    internal IPAddress Address { get; private set; } = IPAddress.None;

    internal int DicomPort { get; private set; }

    internal IReadOnlyDictionary<string, RunningService> Services => _services;

    internal RunningService this[string name] => _services[name];

    public async Task InitializeAsync()
    {
        Compose = ComposeFile.Load();
        var image = Dockerfile.Load();
        var built = Compose.Built.ToList();
        await PublishedOutput.EnsureCurrentAsync(built, log);
        Address = NonLoopbackAddress.Find();
        _broker = await BrokerScope.ImportAsync(BrokerDefinitions.Load());
        var ports = built.ToDictionary(s => s.Name, _ => NonLoopbackAddress.FreePort(Address));
        DicomPort = NonLoopbackAddress.FreePort(Address);

        var env = RequiredTool.Find("env", "coreutils");
        var dotnet = Path.GetFileName(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : RequiredTool.Find("dotnet", "dotnet-sdk-10.0");
        foreach (var service in built)
        {
            var url = new Uri($"http://{Address}:{ports[service.Name]}/");
            var environment = ContainerEnvironment(service, image.ImageEnvironment(service.BuildArgs), ports);
            var folder = PublishedOutput.Folder(service);
            // env -i: the process sees exactly the container's variables, none of the test runner's.
            var process = ExternalProcess.Start(env,
                ["-i", .. environment.Select(e => $"{e.Key}={e.Value}"), dotnet, Path.Combine(folder, service.Assembly + ".dll")],
                workingDirectory: folder);
            _services[service.Name] = new RunningService(service, url, process, ListeningAsync(service, url, process));
        }
        // Each test reports its own service's failure (with its output); one that does not start fails only those.
        await Task.WhenAny(Task.WhenAll(_services.Values.Select(s => s.Started)));
    }

    // Kestrel logs each address it binds; the first one must be ASPNETCORE_URLS's, or something outranked it.
    private static async Task ListeningAsync(ComposeService service, Uri url, ExternalProcess process)
    {
        const string listening = "Now listening on: ";
        var line = await process.WaitForLineAsync(l => l.Contains(listening, StringComparison.Ordinal), TimeSpan.FromMinutes(2),
            $"{service.Name} to listen on {url}");
        var expected = listening + url.GetLeftPart(UriPartial.Authority);
        if (!line.Contains(expected + "\"", StringComparison.Ordinal) && !line.TrimEnd().EndsWith(expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{service.Name} was started with ASPNETCORE_URLS={url.GetLeftPart(UriPartial.Authority)} but logged: {line}\nOutput:\n{process.Transcript}");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var service in _services.Values) await service.DisposeAsync();
        if (_broker is not null) await _broker.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private Dictionary<string, string> ContainerEnvironment(
        ComposeService service, IReadOnlyDictionary<string, string> image, IReadOnlyDictionary<string, int> ports)
    {
        // Docker's order: the image's ENV, then the compose service's environment.
        var env = new Dictionary<string, string>(image, StringComparer.Ordinal);
        foreach (var (key, value) in service.Environment) env[key] = value;

        foreach (var (key, value) in env.ToList())
        {
            if (value.StartsWith('/')) env[key] = HostPath(service, value);
            env[key] = ServiceUrl().Replace(env[key], m => ports.TryGetValue(m.Groups["host"].Value, out var port)
                ? $"http://{Address}:{port}/" : m.Value);
        }
        env["ASPNETCORE_URLS"] = $"http://{Address}:{ports[service.Name]}";
        env["PATH"] = ContainerPath;
        env["HOME"] = HostPath(service, "/home");
        Directory.CreateDirectory(env["HOME"]);

        if (env.GetValueOrDefault("FedBus__Bus__Transport") == "RabbitMq")
        {
            env["FedBus__Bus__Host"] = RabbitMqBroker.Host;
            env["FedBus__Bus__Port"] = RabbitMqBroker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env["FedBus__Bus__VirtualHost"] = Broker.Prefix + service.Env("FedBus__Bus__VirtualHost");
            env["FedBus__Bus__Username"] = Broker.Prefix + service.Env("FedBus__Bus__Username");
        }
        if (env.GetValueOrDefault("FedBus__Storage__Provider") == "Mongo")
        {
            env["FedBus__Storage__Provider"] = "LiteDb";
            env.Remove("FedBus__Storage__MongoConnectionString");
        }
        if (service.Ports.Any(p => p.Target == 11112))
        {
            env["FedBus__Ingestion__DicomPort"] = DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env["FedBus__Ingestion__BindAddress"] = Address.ToString();
        }
        // Request lines (FedBus's own, UIDs hashed), so a test sees which path reached which service.
        env["Logging__LogLevel__FedBus.Http"] = "Debug";
        return env;
    }

    // A path inside the container: under a mount, the volume's folder (shared); elsewhere, this container's own.
    private string HostPath(ComposeService service, string containerPath)
    {
        var mount = service.Mounts.Keys
            .Where(target => containerPath == target || containerPath.StartsWith(target + "/", StringComparison.Ordinal))
            .MaxBy(target => target.Length);
        return mount is null
            ? Path.Combine(_root, "containers", service.Name) + containerPath
            : Path.Combine(_root, "volumes", service.Mounts[mount]) + containerPath[mount.Length..];
    }

    [GeneratedRegex(@"http://(?<host>[a-z0-9-]+):8080/?")]
    private static partial Regex ServiceUrl();
}
