using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FedBus.Aggregation;
using FedBus.AnnotationRequest;
using FedBus.Contracts;
using FedBus.Dicom;
using FedBus.Gateway;
using FedBus.Ingestion;
using FedBus.QualityControl;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Blobs;
using FedBus.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace FedBus.Desk.Tests.Support;

/// <summary>
/// What the desk needs, for real, on loopback: one site host composing ingestion (DICOMweb), annotation-request (the
/// worklist) and quality-control on one in-memory bus, LiteDB and blob store; a hub host (aggregation: rounds and the
/// model registry, its own in-memory bus and LiteDB) for the federation dashboard; and the gateway in front of both,
/// which serves the desk from its build output and forwards /dicomweb, /annotations, /qc (site) and /aggregation (hub)
/// unchanged. One per test collection (starting hosts is most of a test's time); each test clears the worklist first,
/// so "the top task" is its own.
/// </summary>
public sealed class DeskSite : IAsyncDisposable
{
    public const string SiteId = "site-desk";
    public const string Reader = "dr-desk";

    /// <summary>A segmentation model QC knows always shows its structure: an empty mask of it is an error.</summary>
    public const string StructureModel = "brain-outline";

    /// <summary>The sites the hub is configured with (so they are live and a round invites them).</summary>
    public static readonly string[] HubSites = ["site-a", "site-b"];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _folder;
    private readonly WebApplication _site;
    private readonly WebApplication _hub;
    private readonly WebApplication _gateway;
    private readonly Dictionary<string, string> _instanceSha256 = new(StringComparer.Ordinal);

    private DeskSite(string folder, WebApplication site, WebApplication hub, WebApplication gateway)
    {
        _folder = folder;
        _site = site;
        _hub = hub;
        _gateway = gateway;
        GatewayUrl = gateway.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal));
        Api = new HttpClient { BaseAddress = new Uri(GatewayUrl) };
        Api.DefaultRequestHeaders.Authorization = TestTokens.Bearer(Reader, SiteId, FedBus.ServiceDefaults.Security.FedBusRoles.Radiologist);
        Pacs = new HttpClient { BaseAddress = new Uri(GatewayUrl) };
        Pacs.DefaultRequestHeaders.Authorization = TestTokens.Bearer("pacs", SiteId, FedBus.ServiceDefaults.Security.FedBusRoles.Service);
        Hub = new HttpClient { BaseAddress = new Uri(GatewayUrl) };
        Hub.DefaultRequestHeaders.Authorization = TestTokens.Bearer(HubAdmin, null, FedBus.ServiceDefaults.Security.FedBusRoles.HubAdmin);
    }

    /// <summary>The ML engineer of the hub (role hub-admin, no site).</summary>
    public const string HubAdmin = "ml-engineer";

    /// <summary>The hub's API through the gateway, as its hub-admin.</summary>
    public HttpClient Hub { get; }

    /// <summary>The hub's bus: what the sites send the hub (updates, validations, statistics) arrives here.</summary>
    public IBus HubBus => _hub.Services.GetRequiredService<IBus>();

    /// <summary>The one origin of the desk and the APIs.</summary>
    public string GatewayUrl { get; }

    /// <summary>The worklist and DICOMweb through the gateway, as the test's reader.</summary>
    public HttpClient Api { get; }

    /// <summary>STOW-RS through the gateway as the site's PACS (role service).</summary>
    public HttpClient Pacs { get; }

    public IBlobStore Blobs => _site.Services.GetRequiredService<IBlobStore>();

    public static async Task<DeskSite> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("fedbus-desk-").FullName;
        var site = Builder(Path.Combine(folder, "site"), new Dictionary<string, string?>
        {
            ["FedBus:SiteId"] = SiteId,
            [TestTokens.SettingKey] = TestTokens.SigningKey,
            ["FedBus:DataDirectory"] = Path.Combine(folder, "site"),
            ["FedBus:Bus:Transport"] = "InMemory",
            ["FedBus:Ingestion:DicomPort"] = "0",
            ["FedBus:Ingestion:BindAddress"] = "127.0.0.1",
            ["FedBus:AnnotationRequest:Triage:AuditRate"] = "0",
            [$"FedBus:QualityControl:Models:{StructureModel}:StructureExpected"] = "true",
            ["FedBus:Logging:CaptureDirectory"] = LogCapture.Directory,
        }, settings);
        site.AddServiceDefaults("site");
        site.AddIngestion();
        site.AddAnnotationRequest();
        site.AddQualityControl();
        var siteApp = site.Build();
        siteApp.MapDefaultEndpoints();
        siteApp.MapIngestion();
        siteApp.MapAnnotationRequest();
        siteApp.MapQualityControl();
        await siteApp.StartAsync();
        var siteUrl = siteApp.Urls.Single();

        // The hub: no site of its own; its sites are configured, so a round started from the dashboard invites them.
        var hub = Builder(Path.Combine(folder, "hub"), new Dictionary<string, string?>
        {
            [TestTokens.SettingKey] = TestTokens.SigningKey,
            ["FedBus:DataDirectory"] = Path.Combine(folder, "hub"),
            ["FedBus:Bus:Transport"] = "InMemory",
            ["FedBus:Aggregation:Sites:0"] = HubSites[0],
            ["FedBus:Aggregation:Sites:1"] = HubSites[1],
            ["FedBus:Aggregation:TorchThreads"] = "1",
            ["FedBus:Logging:CaptureDirectory"] = LogCapture.Directory,
        }, null);
        hub.AddServiceDefaults("aggregation");
        hub.AddAggregation();
        var hubApp = hub.Build();
        hubApp.MapDefaultEndpoints();
        hubApp.MapAggregation();
        await hubApp.StartAsync();

        var routes = new Dictionary<string, string?> { ["FedBus:SiteId"] = SiteId, [TestTokens.SettingKey] = TestTokens.SigningKey };
        foreach (var prefix in new[] { "dicomweb", "annotations", "qc" })
        {
            routes[$"ReverseProxy:Routes:{prefix}:ClusterId"] = "site";
            routes[$"ReverseProxy:Routes:{prefix}:Match:Path"] = $"/{prefix}/{{**rest}}";
        }
        routes["ReverseProxy:Clusters:site:Destinations:d1:Address"] = siteUrl + "/";
        // As gateway/FedBus.Gateway/appsettings.json routes it: /aggregation to the hub.
        routes["ReverseProxy:Routes:aggregation:ClusterId"] = "hub";
        routes["ReverseProxy:Routes:aggregation:Match:Path"] = "/aggregation/{**rest}";
        routes["ReverseProxy:Clusters:hub:Destinations:d1:Address"] = hubApp.Urls.Single() + "/";
        var gateway = Builder(Path.Combine(folder, "gateway"), routes, null);
        gateway.AddGateway();
        var gatewayApp = gateway.Build();
        gatewayApp.MapGateway();
        await gatewayApp.StartAsync();
        return new DeskSite(folder, siteApp, hubApp, gatewayApp);
    }

    /// <summary>Stores the instances by STOW-RS through the gateway, as a PACS would.</summary>
    public async Task StowAsync(IEnumerable<DicomDataset> instances)
    {
        var content = new MultipartContent("related", "desk-" + Guid.NewGuid().ToString("N"));
        content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        foreach (var dataset in instances)
        {
            using var file = new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
            var bytes = file.ToBytes();
            _instanceSha256[dataset.GetString(DicomTag.SOPInstanceUID)!] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            content.Add(part);
        }
        var response = await Pacs.PostAsync("/dicomweb/studies", content);
        Assert.True(response.IsSuccessStatusCode, $"STOW-RS answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Publishes an inference result for the image on the site's bus, its prediction (the prefill) stored as a blob, and
    /// waits until the worklist lists <paramref name="expectedTasks"/> tasks. No model runs: the prediction is given.
    /// </summary>
    public async Task PublishInferenceAsync(
        DicomDataset image, TaskKind kind, string modelId, IReadOnlyList<string> classNames, byte[] prediction, string mediaType,
        double triageScore, int expectedTasks, IReadOnlyList<QcFlag>? flags = null)
    {
        var blob = await Blobs.PutAsync(prediction);
        var reference = new ImageRef(
            image.GetString(DicomTag.StudyInstanceUID)!, image.GetString(DicomTag.SeriesInstanceUID)!, image.GetString(DicomTag.SOPInstanceUID)!, 1,
            _instanceSha256[image.GetString(DicomTag.SOPInstanceUID)!], image.GetNumber<int>(DicomTag.Rows), image.GetNumber<int>(DicomTag.Columns), image.GetNumber<int>(DicomTag.InstanceNumber));
        var result = new InferenceCompleted(
            Guid.NewGuid(), DateTimeOffset.UtcNow, SiteId, Guid.NewGuid(), reference, modelId, 1, kind, new LabelSchema(1, classNames),
            blob.Sha256, mediaType, new UncertaintySummary(1 - triageScore, triageScore, 0.01, 8), triageScore,
            [new MetricValue("entropy", triageScore)], flags ?? []);
        await _site.Services.GetRequiredService<IBus>().Publish(result);
        await Eventually.Async(async () => (await WorklistAsync()).GetProperty("total").GetInt32() == expectedTasks,
            $"the worklist to list {expectedTasks} task(s)");
    }

    /// <summary>Cancels every task the reader's worklist still lists (left by a test that failed half-way).</summary>
    public async Task ClearWorklistAsync()
    {
        foreach (var item in (await WorklistAsync()).GetProperty("items").EnumerateArray())
        {
            var response = await Api.PostAsJsonAsync($"/annotations/tasks/{item.GetProperty("taskId").GetString()}/cancel", new { reason = "left by an earlier test" });
            response.EnsureSuccessStatusCode();
        }
        Assert.Equal(0, (await WorklistAsync()).GetProperty("total").GetInt32());
    }

    public async Task<JsonElement> WorklistAsync() => await Api.GetFromJsonAsync<JsonElement>("/annotations/tasks");

    public async Task<JsonElement> TaskAsync(string taskId) => await Api.GetFromJsonAsync<JsonElement>($"/annotations/tasks/{taskId}");

    /// <summary>The label the reader's latest submission of the task stored, with its media type.</summary>
    public async Task<(byte[] Bytes, string MediaType)> LatestLabelAsync(string taskId)
    {
        var task = await TaskAsync(taskId);
        var submissions = task.GetProperty("myRead").GetProperty("submissions");
        Assert.True(submissions.GetArrayLength() > 0, "The task has no submission of the reader.");
        var latest = submissions[submissions.GetArrayLength() - 1];
        var response = await Api.GetAsync(latest.GetProperty("labelUrl").GetString());
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType!.MediaType!);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Pacs.Dispose();
        Hub.Dispose();
        await _gateway.StopAsync();
        await _gateway.DisposeAsync();
        await _hub.StopAsync();
        await _hub.DisposeAsync();
        await _site.StopAsync();
        await _site.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in /tmp.
        }
    }

    private static WebApplicationBuilder Builder(string folder, Dictionary<string, string?> settings, IReadOnlyDictionary<string, string?>? more)
    {
        Directory.CreateDirectory(folder);
        // Content root: an empty folder, so no service's appsettings.json from the test's output folder applies.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        foreach (var (key, value) in more ?? new Dictionary<string, string?>()) settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        // Request lines name studies (UIDs in URLs): keep ASP.NET Core's and YARP's per-request logs off; warnings only on the console.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        return builder;
    }
}
