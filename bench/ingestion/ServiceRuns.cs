using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace FedBus.Bench.Ingestion;

/// <summary>
/// Receivers that are whole PACS-facing services: our ingestion service (its own process: C-STORE SCP, blob store,
/// LiteDB study index, StudyReceived published before the association's release completes) and Orthanc.
/// </summary>
internal static class ServiceRuns
{
    public static async Task<Measurement> IngestionAsync(string serviceDll, string input, string warmUp, string output, int count, bool flushEachWrite)
    {
        var dicomPort = Runs.FreePort();
        var httpPort = Runs.FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            serviceDll, "--urls", $"http://127.0.0.1:{httpPort}",
            $"--FedBus:DataDirectory={output}", "--FedBus:SiteId=bench",
            $"--FedBus:Ingestion:DicomPort={dicomPort}", "--FedBus:Ingestion:BindAddress=127.0.0.1",
            $"--FedBus:Storage:BlobFlushEachWrite={flushEachWrite}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:FedBus.Ingestion=Information",
        })
        {
            info.ArgumentList.Add(a);
        }

        using var service = Process.Start(info) ?? throw new InvalidOperationException("Cannot start the ingestion service.");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        service.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        service.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            await Runs.WaitForPortAsync(dicomPort);
            // A long-running service is warm (tiered JIT settles after a few hundred instances); storescp is native.
            // One unmeasured 300-instance study brings the fresh process to that state.
            await Runs.StorescuAsync("FEDBUS", dicomPort, warmUp);
            var cpuBefore = service.TotalProcessorTime;
            var seconds = await Runs.StorescuAsync("FEDBUS", dicomPort, input);
            service.Refresh();
            var cpu = (service.TotalProcessorTime - cpuBefore).TotalSeconds;

            // Stored and indexed: QIDO-RS counts the instances; announced: the publisher logged StudyReceived.
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            var studies = await http.GetFromJsonAsync<JsonElement>("/dicomweb/studies?PatientID=BENCH-1");
            var indexed = int.Parse(studies[0].GetProperty("00201208").GetProperty("Value")[0].GetRawText(), CultureInfo.InvariantCulture);
            var announced = log.Any(l => l.Contains("StudyReceived", StringComparison.Ordinal) && l.Contains($"{count} instances", StringComparison.Ordinal));
            if (indexed != count || !announced)
            {
                throw new InvalidOperationException($"Ingestion indexed {indexed} of {count}; StudyReceived logged: {announced}.\n{string.Join('\n', log)}");
            }

            return new Measurement(seconds, cpu);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    public static async Task<Measurement> OrthancAsync(string input, string output, int count)
    {
        var dicomPort = Runs.FreePort();
        var httpPort = Runs.FreePort();
        var config = Path.Combine(output, "orthanc.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Name"] = "bench",
            ["StorageDirectory"] = Path.Combine(output, "storage"),
            ["IndexDirectory"] = Path.Combine(output, "index"),
            ["HttpPort"] = httpPort,
            ["DicomPort"] = dicomPort,
            ["DicomAet"] = "ORTHANC",
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["Plugins"] = Array.Empty<string>(),
        }));
        using var orthanc = Runs.Start("Orthanc", [config]);
        _ = orthanc.StandardOutput.ReadToEndAsync();
        _ = orthanc.StandardError.ReadToEndAsync();
        try
        {
            await Runs.WaitForPortAsync(dicomPort);
            var cpuBefore = orthanc.TotalProcessorTime;
            var seconds = await Runs.StorescuAsync("ORTHANC", dicomPort, input);
            orthanc.Refresh();
            var cpu = (orthanc.TotalProcessorTime - cpuBefore).TotalSeconds;
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            var stats = await http.GetFromJsonAsync<JsonElement>("/statistics");
            var stored = stats.GetProperty("CountInstances").GetInt32();
            if (stored != count)
            {
                throw new InvalidOperationException($"Orthanc stored {stored} of {count} instances.");
            }

            return new Measurement(seconds, cpu);
        }
        finally
        {
            orthanc.Kill();
            await orthanc.WaitForExitAsync();
        }
    }
}
