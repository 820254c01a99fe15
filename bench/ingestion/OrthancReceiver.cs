using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FedBus.ServiceDefaults.Hosting;

namespace FedBus.Bench.Ingestion;

/// <summary>Orthanc (Debian), default storage and SQLite index: a whole PACS taking the same studies.</summary>
internal sealed class OrthancReceiver(string folder) : IReceiver
{
    private readonly int _dicomPort = FreeTcpPort.Next();
    private readonly int _httpPort = FreeTcpPort.Next();
    private readonly HttpClient _http = new();
    private Process? _orthanc;

    public string Name => "Orthanc 1.10 (SQLite index)";

    public async Task StartAsync()
    {
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Name"] = "bench",
            ["StorageDirectory"] = Path.Combine(folder, "storage"),
            ["IndexDirectory"] = Path.Combine(folder, "index"),
            ["HttpPort"] = _httpPort,
            ["DicomPort"] = _dicomPort,
            ["DicomAet"] = "ORTHANC",
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["Plugins"] = Array.Empty<string>(),
        }));
        _orthanc = Tools.Start("Orthanc", [config]);
        _ = _orthanc.StandardOutput.ReadToEndAsync();
        _ = _orthanc.StandardError.ReadToEndAsync();
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}");
        await Tools.WaitForPortAsync(_dicomPort, TimeSpan.FromSeconds(60));
    }

    public async Task<Measurement> ReceiveAsync(IReadOnlyList<IReadOnlyList<string>> associations, string studyInstanceUid)
    {
        var before = await CountAsync();
        var cpu = Tools.CpuSeconds(_orthanc!.Id);
        var seconds = await Tools.StorescuAsync("ORTHANC", _dicomPort, associations);
        var measured = new Measurement(seconds, Tools.CpuSeconds(_orthanc.Id) - cpu);
        var stored = await CountAsync() - before;
        var expected = associations.Sum(a => a.Count);
        if (stored != expected) throw new InvalidOperationException($"Orthanc stored {stored} of {expected} instances.");
        return measured;
    }

    private async Task<int> CountAsync() => (await _http.GetFromJsonAsync<JsonElement>("/statistics")).GetProperty("CountInstances").GetInt32();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_orthanc is null) return;
        _orthanc.Kill();
        await _orthanc.WaitForExitAsync();
        _orthanc.Dispose();
    }
}
