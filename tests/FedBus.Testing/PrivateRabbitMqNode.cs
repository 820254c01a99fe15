using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace FedBus.Testing;

/// <summary>
/// A RabbitMQ node of a test's own (management and shovel plugins), for tests that stop or restart the broker: the shared
/// one on 5672 serves every test assembly at once and must never be restarted. Its name, ports, data, logs, plugins file
/// and Erlang cookie are all under one temp folder, deleted on dispose after the node is shut down.
/// </summary>
public sealed class PrivateRabbitMqNode : IAsyncDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";

    private readonly string _folder;
    private readonly Dictionary<string, string> _environment;

    private PrivateRabbitMqNode(string folder, string node, int amqpPort, int managementPort, Dictionary<string, string> environment)
    {
        _folder = folder;
        NodeName = node;
        AmqpPort = amqpPort;
        ManagementPort = managementPort;
        _environment = environment;
    }

    public string NodeName { get; }

    public int AmqpPort { get; }

    public int ManagementPort { get; }

    public string ManagementUrl => $"http://127.0.0.1:{ManagementPort}";

    /// <summary>Starts the node and waits until AMQP and the management API answer (≈ 10–30 s on a busy 2-core machine).</summary>
    public static async Task<PrivateRabbitMqNode> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "rabbitmq-server")))
            throw new InvalidOperationException($"{Bin}/rabbitmq-server is missing: install the Debian package rabbitmq-server (./build.sh test does).");
        var folder = Directory.CreateTempSubdirectory("fedbus-rabbit-").FullName;
        var run = Guid.NewGuid().ToString("N")[..8];
        var node = $"fedbus-test-{run}@localhost";
        var amqp = Port([]);
        var management = Port([amqp]);
        var distribution = Port([amqp, management]);
        await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), "[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq.conf"),
            $"listeners.tcp.1 = 127.0.0.1:{amqp}\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = {management}\nloopback_users = none\n");
        var environment = new Dictionary<string, string>
        {
            // The cookie is made under HOME: the CLI and the node share it, and nothing of the shared node's is touched.
            ["HOME"] = folder,
            ["RABBITMQ_NODENAME"] = node,
            ["RABBITMQ_DIST_PORT"] = distribution.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(folder, "node.pid"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq.conf"),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
        var started = new PrivateRabbitMqNode(folder, node, amqp, management, environment);
        try
        {
            await started.RunAsync("rabbitmq-server", ["-detached"], TimeSpan.FromSeconds(30));
            await started.CtlAsync(["wait", "--timeout", "110", Path.Combine(folder, "node.pid")], TimeSpan.FromSeconds(120));
            await started.WaitForManagementAsync(TimeSpan.FromSeconds(60));
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the broker application (every connection drops) and starts it again; queues and persistent messages stay.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        // Closing every client's connections took over 60 s once on a loaded 2-core machine (the whole suite running).
        await CtlAsync(["stop_app"], TimeSpan.FromSeconds(180));
        await Task.Delay(down);
        await CtlAsync(["start_app"], TimeSpan.FromSeconds(180));
        await WaitForManagementAsync(TimeSpan.FromSeconds(60));
    }

    public HttpClient CreateManagementClient() => new()
    {
        BaseAddress = new Uri(ManagementUrl),
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest"))) },
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CtlAsync(["shutdown"], TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Not running (start-up failed): the folder goes anyway.
        }
        finally
        {
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private async Task WaitForManagementAsync(TimeSpan timeout)
    {
        using var http = CreateManagementClient();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/api/overview");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The management API of {NodeName} did not answer on {ManagementUrl} within {timeout.TotalSeconds:0} s.");
            await Task.Delay(250);
        }
    }

    private Task CtlAsync(IReadOnlyList<string> arguments, TimeSpan timeout) => RunAsync("rabbitmqctl", ["-n", NodeName, .. arguments], timeout);

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Path.Combine(Bin, program)) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in _environment) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {await output}{await error}");
    }

    /// <summary>
    /// A free port below the ephemeral range (32768+): a node told to listen on 35672 failed here with eaddrinuse
    /// although nothing listened there, while ports below the range worked.
    /// </summary>
    private static int Port(IReadOnlyCollection<int> taken)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            if (taken.Contains(port)) continue;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
        throw new InvalidOperationException("No free TCP port found in 20000..32000.");
    }
}
