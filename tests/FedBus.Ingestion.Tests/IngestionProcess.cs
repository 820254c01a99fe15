using System.Globalization;
using FedBus.Testing;
using FedBus.ServiceDefaults.Hosting;

namespace FedBus.Ingestion.Tests;

/// <summary>
/// The ingestion service in a process of its own (dotnet FedBus.Ingestion.dll), as deployed: for what a host inside
/// the test process cannot show — a kill -9, the service's own peak memory.
/// </summary>
public sealed class IngestionProcess : IAsyncDisposable
{
    private readonly ExternalProcess _process;

    private IngestionProcess(ExternalProcess process, int dicomPort, int httpPort)
    {
        _process = process;
        DicomPort = dicomPort;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public int DicomPort { get; }

    public Uri BaseAddress { get; }

    public string Transcript => _process.Transcript;

    /// <summary>The most memory the process has held resident so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes => ReadStatus("VmHWM:");

    public long ResidentBytes => ReadStatus("VmRSS:");

    public static async Task<IngestionProcess> StartAsync(string dataDirectory, IDictionary<string, string>? settings = null, IDictionary<string, string>? environment = null)
    {
        var dicomPort = FreeTcpPort.Next();
        var httpPort = FreeTcpPort.Next();
        var arguments = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{httpPort}",
            ["FedBus:SiteId"] = "site-test",
            [TestTokens.SettingKey] = TestTokens.SigningKey,
            ["FedBus:DataDirectory"] = dataDirectory,
            ["FedBus:Ingestion:DicomPort"] = dicomPort.ToString(CultureInfo.InvariantCulture),
            ["FedBus:Ingestion:BindAddress"] = "127.0.0.1",
            ["FedBus:Ingestion:AeTitle"] = IngestionHost.AeTitle,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:FedBus.Ingestion"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) arguments[key] = value;
        var process = ExternalProcess.StartDotnet(RepositoryPaths.BuiltAssembly("services/FedBus.Ingestion", "FedBus.Ingestion"),
            arguments.Select(a => $"--{a.Key}={a.Value}"), environment);
        var service = new IngestionProcess(process, dicomPort, httpPort);
        try
        {
            await process.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(120), "the DICOM listener to start");
            using var http = service.Http();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var live = await http.GetAsync("/health/live");
                    if (live.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) when (attempt < 600)
                {
                }
                await Task.Delay(100);
            }
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    public HttpClient Http() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120), DefaultRequestHeaders = { Authorization = TestTokens.SiteBearer("site-test") } };

    /// <summary>SIGKILL, as kill -9: no shutdown code of the service runs.</summary>
    public ValueTask KillAsync() => _process.DisposeAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private long ReadStatus(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
