using FedBus.Contracts;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Net.Http.Json;
using FedBus.Testing;

namespace FedBus.Inference.Tests.Support;

/// <summary>
/// The real inference service in this process with two tasks — "brain-level" (the trained classifier, MR only) and
/// "brain-extraction" (a tiny U-Net) — LiteDB and blobs in a temp folder, the in-memory bus or a RabbitMQ virtual host, and
/// recorders of what it publishes.
/// </summary>
public sealed class InferenceHost(IDictionary<string, string>? busSettings = null, string brainExtractionModalities = "MR", string? sharedData = null)
    : WebApplicationFactory<Program>
{
    private readonly string data = Directory.CreateTempSubdirectory("fedbus-inference-host-").FullName;

    public InferenceHost() : this(null, "MR")
    {
    }

    /// <summary>Publishes a model and waits until this process runs it for <paramref name="task"/>.</summary>
    public async Task PublishModelAsync(GlobalModelPublished publication, string task)
    {
        await Bus.Publish(publication);
        var http = CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var models = await http.GetFromJsonAsync<List<FedBus.Inference.Http.ModelView>>("/inference/models", Json);
            if (models!.Single(m => m.Task == task).Current?.Publication >= publication.Publication) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Task {task} did not adopt publication {publication.Publication}.");
            await System.Threading.Tasks.Task.Delay(50);
        }
    }

    public static System.Text.Json.JsonSerializerOptions Json { get; } = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public EventRecorder Events => Services.GetRequiredService<EventRecorder>();

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    public IBus Bus => Services.GetRequiredService<IBus>();

    /// <summary>Stores the instances in the site's blob store (as ingestion does) and describes them as ingestion's StudyReceived would.</summary>
    public async Task<StudyReceived> StudyAsync(string study, params (string Modality, byte[] Part10)[] instances)
    {
        var series = new List<ReceivedSeries>();
        foreach (var (modality, bytes) in instances)
        {
            var blob = await Blobs.PutAsync(bytes);
            using var file = FedBus.Dicom.DicomFile.Parse(bytes);
            var ds = file.Dataset;
            int Number(FedBus.Dicom.DicomTag tag) => ds.TryGetNumber<int>(tag, out var v) ? v : 0;
            var instance = new ReceivedInstance(ds.GetString(FedBus.Dicom.DicomTag.SOPInstanceUID)!, ds.GetString(FedBus.Dicom.DicomTag.SOPClassUID)!,
                file.TransferSyntax.Uid, blob.Sha256, bytes.Length, Number(FedBus.Dicom.DicomTag.Rows), Number(FedBus.Dicom.DicomTag.Columns),
                Math.Max(1, Number(FedBus.Dicom.DicomTag.NumberOfFrames)), null);
            series.Add(new ReceivedSeries(ds.GetString(FedBus.Dicom.DicomTag.SeriesInstanceUID)!, modality, null, null, [instance]));
        }
        return new StudyReceived(Guid.NewGuid(), DateTimeOffset.UtcNow, "site-test", study, null, "PACS", series);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = TestTokens.SiteBearer("site-test");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("FedBus:SiteId", "site-test");
        builder.UseSetting(TestTokens.SettingKey, TestTokens.SigningKey);
        builder.UseSetting("FedBus:DataDirectory", data);
        builder.UseSetting("FedBus:Bus:Transport", "InMemory");
        if (sharedData is not null)
        {
            // Replicas of one site share its document store and blob volume (Mongo and a volume in production).
            builder.UseSetting("FedBus:Storage:LiteDb", $"Filename={Path.Combine(sharedData, "site.litedb")};Connection=shared");
            builder.UseSetting("FedBus:Storage:BlobRoot", Path.Combine(sharedData, "blobs"));
        }
        foreach (var (key, value) in busSettings ?? new Dictionary<string, string>()) builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
        builder.UseSetting("FedBus:Inference:TorchThreads", "2");
        Task("brain-level", TrainedModels.ClassifierId, "Classification", "MR");
        Task("brain-extraction", TrainedModels.SegmenterId, "Segmentation", brainExtractionModalities);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<EventRecorder>();
            services.AddFedBusConsumer<CompletedRecordingConsumer>();
            services.AddFedBusConsumer<SkippedRecordingConsumer>();
        });

        void Task(string name, string modelId, string kind, string modality)
        {
            var p = $"FedBus:Tasks:{name}:";
            builder.UseSetting(p + "ModelId", modelId);
            builder.UseSetting(p + "Kind", kind);
            builder.UseSetting(p + "InputSize", "64");
            builder.UseSetting(p + "Modalities:0", modality);
            builder.UseSetting(p + "McPasses", "4");
            builder.UseSetting(p + "MaxBatchSize", "8");
            builder.UseSetting(p + "MaxBatchWait", "00:00:00.050");
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(data, recursive: true); }
        catch (IOException) { /* LiteDB may hold its file a moment longer; temp folders are disposable */ }
    }
}
