using System.Text.RegularExpressions;
using FedBus.ServiceDefaults.Hosting;

namespace FedBus.Testing;

/// <summary>
/// A MongoDB wire-compatible server for tests: the jongodb binary from npm (@jongodb/memory-server-bin-linux-x64-gnu),
/// which ./build.sh test installs under .tools/jongodb. One server per fixture, on a free loopback port.
/// </summary>
public partial class MongoCompatibleServer : IAsyncLifetime
{
    public const string BinaryVariable = "FEDBUS_JONGODB";
    private ExternalProcess? _process;

    public string ConnectionString { get; private set; } = "";

    /// <summary>Transactions (DocumentBatch) need a replica set; jongodb emulates a single-node one with this profile.</summary>
    protected virtual IReadOnlyList<string> TopologyArguments => ["--topology-profile=singleNodeReplicaSet"];

    public static string FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable(BinaryVariable);
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured)) return configured;
        var local = Path.Combine(RepositoryPaths.Root, ".tools", "jongodb", "node_modules", "@jongodb",
            "memory-server-bin-linux-x64-gnu", "bin", "jongodb");
        if (File.Exists(local)) return local;
        throw new InvalidOperationException(
            $"The jongodb test server is not installed (looked at {BinaryVariable} and {local}). " +
            "Run ./build.sh test, or: npm install --prefix .tools/jongodb @jongodb/memory-server-bin-linux-x64-gnu@0.1.6");
    }

    public async Task InitializeAsync()
    {
        var port = FreeTcpPort.Next();
        _process = ExternalProcess.Start(FindBinary(), ["--host=127.0.0.1", $"--port={port}", .. TopologyArguments]);
        var line = await _process.WaitForLineAsync(l => l.StartsWith("JONGODB_URI=", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "jongodb to report JONGODB_URI");
        ConnectionString = ClientConnectionString(line["JONGODB_URI=".Length..].Trim());
    }

    /// <summary>
    /// The server's URI (mongodb://host:port/test?replicaSet=...) without its default database — the store picks its
    /// own — and with serverMonitoringMode=poll, which jongodb needs for transactions (DESIGN.md).
    /// </summary>
    public static string ClientConnectionString(string serverUri)
    {
        var match = UriParts().Match(serverUri);
        if (!match.Success) throw new FormatException($"Unexpected jongodb URI '{serverUri}'.");
        var query = match.Groups["query"].Value;
        return $"{match.Groups["hosts"].Value}/?{(query.Length > 0 ? query + "&" : "")}serverMonitoringMode=poll";
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [GeneratedRegex(@"^(?<hosts>mongodb://[^/?]+)/?[^?]*\??(?<query>.*)$")]
    private static partial Regex UriParts();
}
