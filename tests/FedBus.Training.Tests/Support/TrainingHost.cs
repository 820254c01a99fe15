using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using FedBus.Training.Jobs;
using FedBus.Training.Storage;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FedBus.Testing;

namespace FedBus.Training.Tests.Support;

/// <summary>
/// The real training service in this process: in-memory bus, LiteDB and blobs in a data folder (shared by two hosts in
/// turn for restart tests), real TorchSharp, and a recorder of the updates and validations it publishes.
/// </summary>
public sealed class TrainingHost(string dataDirectory, IDictionary<string, string?>? settings = null, TimeProvider? clock = null) : WebApplicationFactory<Program>
{
    public const string SiteId = "site-test";
    public const string ModelId = "phantom-seg";
    public const string Architecture = "unet2d-v1:in=1,classes=2,levels=3,width=16,dropout=0.1,norm=batch";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public string DataDirectory { get; } = dataDirectory;

    public TrainingEventRecorder Events => Services.GetRequiredService<TrainingEventRecorder>();

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    public TrainingStore Store => Services.GetRequiredService<TrainingStore>();

    public IDocumentCollection<OutboxEntry> Outbox => Services.GetRequiredService<TransactionalOutbox>().Entries;

    public Task PublishAsync<T>(T message) where T : class => Services.GetRequiredService<IBus>().Publish(message);

    /// <summary>Puts the phantom's instance and label where ingestion and annotation-request would have, and publishes QC's acceptance.</summary>
    public async Task<AnnotationAccepted> AcceptAsync(int seed, Guid? caseId = null, byte[]? labelOverride = null)
    {
        var (dicom, label, mediaType) = Phantoms.Files(seed);
        var instance = await Blobs.PutAsync(dicom);
        var labelBlob = await Blobs.PutAsync(labelOverride ?? label);
        var accepted = new AnnotationAccepted(Guid.NewGuid(), DateTimeOffset.UtcNow, SiteId, caseId ?? Guid.NewGuid(), Guid.NewGuid(), TaskKind.Segmentation, ModelId,
            new LabelSchema(1, ["background", "lesion"]), new ImageRef("1.2.3", "1.2.3.4", "1.2.3.4.5", 1, instance.Sha256, Phantoms.Size, Phantoms.Size, seed),
            labelBlob.Sha256, mediaType, ["reader-1"], false, []);
        await PublishAsync(accepted);
        return accepted;
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var http = CreateClient();
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<(int Status, JsonNode? Body)> PostJsonAsync(string path, object body)
    {
        using var http = CreateClient();
        using var response = await http.PostAsJsonAsync(path, body, Json);
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} answered with a body that is not JSON: {text}");
        }
    }

    /// <summary>The site's validation pool as the service prepared it (its cached model inputs), for recomputing a metric.</summary>
    public async Task<IReadOnlyList<FedBus.Learning.Cases.LabeledCase>> ValidationPoolAsync()
    {
        var cases = await Store.Cases.FindAsync(DocumentFilter.Eq("state", FedBus.Training.Dataset.CaseState.Active));
        var pool = new List<FedBus.Learning.Cases.LabeledCase>();
        foreach (var c in cases.Select(s => s.Document).Where(c => c.IsValidation))
        {
            var input = FedBus.Training.Dataset.CaseInputCodec.Decode(await Blobs.ReadAllBytesAsync(c.Input!.BlobSha256));
            pool.Add(new FedBus.Learning.Cases.LabeledCase(TrainingIds.SplitKey(c.CaseId), input.Image, input.Label));
        }
        return pool;
    }

    /// <summary>Whether <typeparamref name="TConsumer"/> has applied the message (its inbox record is completed).</summary>
    public async Task<bool> InboxCompletedAsync<TConsumer>(Guid messageId)
    {
        var inbox = Services.GetRequiredService<MessageInbox>();
        var entry = await inbox.Entries.GetAsync(MessageInbox.KeyOf(typeof(TConsumer).FullName!, messageId));
        return entry?.Document.State == InboxState.Completed;
    }

    public async Task<JsonNode> DatasetAsync() => await GetJsonAsync($"/training/models/{ModelId}/dataset");

    /// <summary>Polls the dataset view until <paramref name="done"/> holds (consumers commit asynchronously).</summary>
    public async Task<JsonNode> WaitForDatasetAsync(Func<JsonNode, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        JsonNode last;
        do
        {
            last = await DatasetAsync();
            if (done(last)) return last;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"The dataset did not reach the expected counts: {last.ToJsonString()}");
    }

    public async Task<TrainingJob> WaitForJobAsync(string jobId, Func<TrainingJob, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        TrainingJob? last = null;
        do
        {
            last = (await Store.Jobs.GetAsync(jobId))?.Document;
            if (last is not null && done(last)) return last;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Job {jobId} did not reach the expected state; last: {last?.State} {last?.Reason}");
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = TestTokens.SiteBearer(SiteId);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // MassTransit keeps the first bus's logger factory in a static; a host started after another was disposed
        // (a restart on the same folder) must not inherit the disposed one.
        LogContext.Current = null;
        builder.UseSetting(TestTokens.SettingKey, TestTokens.SigningKey);
        builder.UseSetting("FedBus:SiteId", SiteId);
        builder.UseSetting("FedBus:DataDirectory", DataDirectory);
        builder.UseSetting("FedBus:Bus:Transport", "InMemory");
        builder.UseSetting("FedBus:Bus:RedeliveryIntervals:0", "00:00:01");
        builder.UseSetting("FedBus:Tasks:phantom:ModelId", ModelId);
        builder.UseSetting("FedBus:Tasks:phantom:InputSize", Phantoms.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("FedBus:Training:ValidationFraction", "0.25");
        builder.UseSetting("FedBus:Training:Augment", "false");
        builder.UseSetting("FedBus:Training:BatchSize", "4");
        builder.UseSetting("FedBus:Training:JobLease", "00:00:03");
        builder.UseSetting("FedBus:Training:JobPollInterval", "00:00:00.200");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        // The log audit (tests/FedBus.LogAudit.Tests) reads what training logged in these tests too.
        builder.UseSetting("FedBus:Logging:CaptureDirectory", FedBus.Testing.LogCapture.Directory);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TrainingEventRecorder>();
            if (clock is not null) services.AddSingleton(clock);
            services.AddFedBusConsumer<TrainingEventRecordingConsumer>();
        });
    }
}
