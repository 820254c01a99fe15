using System.Net.Http.Json;
using System.Text.Json;
using FedBus.Testing;
using FedBus.ServiceDefaults.Hosting;

namespace FedBus.Ingestion.Tests;

/// <summary>
/// A real Orthanc (Debian package orthanc + orthanc-dicomweb) as the hospital PACS, started with its own JSON config and
/// configured to forward to the ingestion service by C-STORE ("fedbus" modality) and by STOW-RS ("fedbus" server).
/// </summary>
public sealed class OrthancPeer : IAsyncDisposable
{
    private const string DicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";
    // Orthanc's REST API wants PascalCase keys ("Resources"), not the web default camelCase.
    private static readonly JsonSerializerOptions OrthancJson = new();
    private readonly ExternalProcess _process;
    private readonly string _folder;

    private OrthancPeer(ExternalProcess process, string folder, HttpClient http)
    {
        _process = process;
        _folder = folder;
        Http = http;
    }

    public HttpClient Http { get; }

    public static async Task<OrthancPeer> StartAsync(string calledAeTitle, int dicomPort, Uri dicomWebRoot)
    {
        var orthanc = RequiredTool.Find("Orthanc", "orthanc");
        if (!File.Exists(DicomWebPlugin))
            throw new InvalidOperationException($"{DicomWebPlugin} is missing: install the Debian package orthanc-dicomweb.");
        var folder = Directory.CreateTempSubdirectory("fedbus-orthanc-").FullName;
        var httpPort = FreeTcpPort.Next();
        var config = new Dictionary<string, object>
        {
            ["Name"] = "FedBus test PACS",
            ["StorageDirectory"] = Path.Combine(folder, "storage"),
            ["IndexDirectory"] = Path.Combine(folder, "index"),
            ["HttpPort"] = httpPort,
            ["DicomPort"] = FreeTcpPort.Next(),
            ["DicomAet"] = "ORTHANC",
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["Plugins"] = new[] { DicomWebPlugin },
            ["DicomModalities"] = new Dictionary<string, object> { ["fedbus"] = new object[] { calledAeTitle, "127.0.0.1", dicomPort } },
            ["DicomWeb"] = new Dictionary<string, object>
            {
                ["Enable"] = true,
                ["Root"] = "/dicom-web/",
                // Orthanc sends the PACS's token with every STOW-RS, as a PACS configured for FedBus would.
                ["Servers"] = new Dictionary<string, object>
                {
                    ["fedbus"] = new Dictionary<string, object>
                    {
                        ["Url"] = dicomWebRoot.ToString(),
                        ["HttpHeaders"] = new Dictionary<string, string> { ["Authorization"] = TestTokens.SiteBearer("site-test", "orthanc").ToString() },
                    },
                },
            },
        };
        var configPath = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config));
        var process = ExternalProcess.Start(orthanc, [configPath]);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(120) };
        var peer = new OrthancPeer(process, folder, http);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/system");
                if (response.IsSuccessStatusCode) return peer;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await peer.DisposeAsync();
                throw new InvalidOperationException($"Orthanc did not start. Output:\n{process.Transcript}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Uploads Part 10 files; returns Orthanc's id of the study they belong to.</summary>
    public async Task<string> UploadAsync(IEnumerable<string> files)
    {
        string? study = null;
        foreach (var path in files)
        {
            using var response = await Http.PostAsync("/instances", new ByteArrayContent(await File.ReadAllBytesAsync(path)));
            response.EnsureSuccessStatusCode();
            study = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ParentStudy").GetString();
        }
        return study ?? throw new ArgumentException("No files to upload.");
    }

    /// <summary>Orthanc sends the study to the "fedbus" modality by C-STORE and reports what it sent.</summary>
    public async Task<JsonElement> ForwardByCStoreAsync(string orthancStudyId)
    {
        using var response = await Http.PostAsJsonAsync("/modalities/fedbus/store", new { Resources = new[] { orthancStudyId }, Synchronous = true }, OrthancJson);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Orthanc C-STORE failed: {(int)response.StatusCode} {body}\n{_process.Transcript}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Orthanc's DICOMweb plugin posts the study to the "fedbus" server by STOW-RS.</summary>
    public async Task ForwardByStowAsync(string orthancStudyId)
    {
        using var response = await Http.PostAsJsonAsync("/dicom-web/servers/fedbus/stow", new { Resources = new[] { orthancStudyId }, Synchronous = true }, OrthancJson);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Orthanc STOW-RS failed: {(int)response.StatusCode} {body}\n{_process.Transcript}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
