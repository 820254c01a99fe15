using System.Text.RegularExpressions;

namespace FedBus.Testing;

/// <summary>
/// A MongoDB wire-compatible server for tests: the jongodb binary from npm (@jongodb/memory-server-bin-linux-x64-gnu),
/// which ./build.sh test installs under .tools/jongodb. One server per fixture, on a free loopback port.
/// </summary>
public sealed partial class MongoCompatibleServer : IAsyncLifetime
{
    public const string BinaryVariable = "FEDBUS_JONGODB";
    private ExternalProcess? _process;

    public string ConnectionString { get; private set; } = "";

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
        _process = ExternalProcess.Start(FindBinary(), ["--host=127.0.0.1", $"--port={port}"]);
        var line = await _process.WaitForLineAsync(l => l.StartsWith("JONGODB_URI=", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "jongodb to report JONGODB_URI");
        var uri = line["JONGODB_URI=".Length..].Trim();
        // The database name in the URI is the server's default; the store picks its own database.
        ConnectionString = DatabasePart().Replace(uri, "/");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }

    [GeneratedRegex("/[^/?]*$")]
    private static partial Regex DatabasePart();
}
