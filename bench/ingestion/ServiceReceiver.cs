using FedBus.ServiceDefaults.Security;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FedBus.ServiceDefaults.Hosting;

namespace FedBus.Bench.Ingestion;

/// <summary>
/// Our ingestion service in its own process, as deployed (LiteDB index, blob store, in-memory bus): a run ends when the
/// last association's release is answered, i.e. every instance is stored, indexed, durable (syncfs) and the study's
/// StudyReceived is published. After each run the study is checked through QIDO-RS and the publisher's log line.
/// </summary>
internal sealed class ServiceReceiver(string name, string serviceDll, string data, IReadOnlyList<IReadOnlyList<string>> warmUp, IDictionary<string, string>? environment = null) : IReceiver
{
    private readonly int _dicomPort = FreeTcpPort.Next();
    private readonly int _httpPort = FreeTcpPort.Next();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _http = new();
    // The service logs studies only as keyed hashes: the bench gives it the salt, so it can find its study's line.
    private readonly string _salt = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    private Process? _service;

    public string Name => name;

    public async Task StartAsync()
    {
        _service = Tools.Start("dotnet", [
            serviceDll, "--urls", $"http://127.0.0.1:{_httpPort}",
            $"--FedBus:DataDirectory={data}", "--FedBus:SiteId=bench",
            $"--FedBus:Ingestion:DicomPort={_dicomPort}", "--FedBus:Ingestion:BindAddress=127.0.0.1",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:FedBus.Ingestion.Studies=Information",
            $"--{FedBus.ServiceDefaults.Privacy.IdentifierSalt.ConfigurationKey}={_salt}",
            $"--{AuthOptions.Section}:SigningKey={BenchTokens.SigningKey}",
        ], environment);
        _service.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        _service.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        _service.BeginOutputReadLine();
        _service.BeginErrorReadLine();
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}");
        _http.DefaultRequestHeaders.Authorization = BenchTokens.Bearer();
        await Tools.WaitForPortAsync(_dicomPort, TimeSpan.FromSeconds(120));
        // A long-running service is warm: its JIT has settled. Unmeasured studies bring the fresh process there.
        foreach (var study in warmUp)
        {
            await Tools.StorescuAsync("FEDBUS", _dicomPort, [study]);
            // A whole study is let settle; the short warm-up associations need no pause.
            await Task.Delay(study.Count >= 100 ? 500 : 50);
        }
    }

    public async Task<Measurement> ReceiveAsync(IReadOnlyList<IReadOnlyList<string>> associations, string studyInstanceUid)
    {
        var cpu = Tools.CpuSeconds(_service!.Id);
        var seconds = await Tools.StorescuAsync("FEDBUS", _dicomPort, associations);
        var measured = new Measurement(seconds, Tools.CpuSeconds(_service.Id) - cpu);

        var expected = associations.Sum(a => a.Count);
        var studies = await _http.GetFromJsonAsync<JsonElement>($"/dicomweb/studies?StudyInstanceUID={studyInstanceUid}");
        var indexed = studies.GetArrayLength() == 0 ? 0 : int.Parse(studies[0].GetProperty("00201208").GetProperty("Value")[0].GetRawText(), CultureInfo.InvariantCulture);
        var hashed = new FedBus.ServiceDefaults.Privacy.IdentifierHasher(System.Text.Encoding.UTF8.GetBytes(_salt)).Hash(studyInstanceUid).Value;
        // Published before the release was answered; its log line comes through the service's asynchronous console logger.
        bool Announced() => _log.Any(l => l.Contains(hashed, StringComparison.Ordinal) && l.Contains($"{expected} instances; StudyReceived", StringComparison.Ordinal));
        for (var wait = 0; wait < 100 && !Announced(); wait++) await Task.Delay(100);
        var announced = Announced();
        if (indexed != expected || !announced)
            throw new InvalidOperationException($"{name} indexed {indexed} of {expected}; StudyReceived logged: {announced}.\n{string.Join('\n', _log.TakeLast(40))}");
        return measured;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_service is null) return;
        _service.Kill(entireProcessTree: true);
        await _service.WaitForExitAsync();
        _service.Dispose();
    }
}
