using FedBus.AnnotationRequest.Persistence;
using FedBus.AnnotationRequest.Tasks;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using FedBus.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Time.Testing;

namespace FedBus.AnnotationRequest.Tests.Support;

/// <summary>
/// The real annotation-request service in this process (its Program, in-memory bus, LiteDB and blobs in a folder), with
/// its clock a <see cref="FakeTimeProvider"/> (the bus and outbox keep the real one) and a recorder of what it publishes.
/// The background sweep runs once at start-up and then every 30 days of fake time: tests sweep when they mean to. Two hosts on one
/// folder, one after the other, are one service restarted.
/// </summary>
public sealed class AnnotationHost(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public PublishedEvents Published => Services.GetRequiredService<PublishedEvents>();

    public ConsumedMessages Consumed => Services.GetRequiredService<ConsumedMessages>();

    public AnnotationStore Store => Services.GetRequiredService<AnnotationStore>();

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    public DeadlineSweeper Sweeper => Services.GetRequiredService<DeadlineSweeper>();

    /// <summary>One sweep, after the hosted sweeper's own first pass (so the two never race).</summary>
    public async Task<(int Expired, int Released)> SweepAsync()
    {
        await Sweeper.FirstSweep.WaitAsync(TimeSpan.FromSeconds(30));
        return await Sweeper.SweepOnceAsync(CancellationToken.None);
    }

    public HttpClient Reader(string readerId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = TestTokens.Bearer(readerId, Results.Site, FedBus.ServiceDefaults.Security.FedBusRoles.Radiologist);
        return client;
    }

    /// <summary>A client without a token.</summary>
    public HttpClient Anonymous()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    public async Task PublishAsync<T>(T message) where T : class, IFedBusMessage
    {
        var handled = Consumed.Count(message.MessageId);
        await Services.GetRequiredService<IBus>().Publish(message);
        await Consumed.WaitAsync(message.MessageId, handled + 1);
    }

    /// <summary>Stores a prediction blob (the prefill) and returns an inference result naming it.</summary>
    public async Task<InferenceCompleted> PredictionAsync(double triageScore = 0.8, ImageRef? image = null, IReadOnlyList<QcFlag>? flags = null, TaskKind kind = TaskKind.Segmentation)
    {
        image ??= Results.Image();
        var prefill = kind switch
        {
            TaskKind.Segmentation => Labels.MaskPng(image.Rows, image.Columns, fill: 1),
            TaskKind.Classification => """{"classId":1,"probabilities":[0.3,0.7]}"""u8.ToArray(),
            _ => """{"boxes":[{"x0":1,"y0":1,"x1":3,"y1":4,"classId":1,"score":0.6}]}"""u8.ToArray(),
        };
        var blob = await Blobs.PutAsync(prefill);
        return Results.Completed(triageScore, flags, image: image, kind: kind, prefillSha: blob.Sha256, prefillMediaType: Labels.MediaTypeOf(kind));
    }

    /// <summary>Publishes the result and waits for the task it opens.</summary>
    public async Task<AnnotationTaskCreated> OpenTaskAsync(double triageScore = 0.8, ImageRef? image = null, TaskKind kind = TaskKind.Segmentation)
    {
        var result = await PredictionAsync(triageScore, image, kind: kind);
        await PublishAsync(result);
        return await Published.WaitForAsync<AnnotationTaskCreated>(c => c.PredictionId == result.PredictionId);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FedBus:SiteId", Results.Site);
        builder.UseSetting(TestTokens.SettingKey, TestTokens.SigningKey);
        builder.UseSetting("FedBus:DataDirectory", dataDirectory);
        builder.UseSetting("FedBus:Bus:Transport", "InMemory");
        builder.UseSetting("FedBus:AnnotationRequest:SweepInterval", "30.00:00:00");
        builder.UseSetting("FedBus:AnnotationRequest:Triage:AuditRate", "0");
        builder.UseSetting("FedBus:AnnotationRequest:Lifecycle:Lease", "00:30:00");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.UseSetting("FedBus:Logging:CaptureDirectory", LogCapture.Directory);
        // The service's own levels (Information) reach the capture the log audit reads; the console shows only warnings.
        builder.ConfigureLogging(l => l.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddKeyedSingleton<TimeProvider>(AnnotationClock.Key, Clock);
            services.AddSingleton<PublishedEvents>();
            services.AddSingleton<ConsumedMessages>();
            services.AddConsumeObserver(sp => sp.GetRequiredService<ConsumedMessages>());
            services.AddFedBusConsumer<EventRecorder>();
        });
    }

    /// <summary>Every client carries a token of this site with every site role (Reader() narrows it to one radiologist).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = TestTokens.SiteBearer(Results.Site);
    }

    /// <summary>
    /// Commits what <see cref="TaskOpening"/> decides for <paramref name="result"/> through the outbox but without an inbox
    /// record: the state a delivery leaves that died after its effect and before its inbox record.
    /// </summary>
    public async Task CommitEffectWithoutInboxAsync(InferenceCompleted result)
    {
        var outbox = Services.GetRequiredService<TransactionalOutbox>();
        var work = outbox.Begin();
        await Services.GetRequiredService<TaskOpening>().DecideAsync(result, work, CancellationToken.None);
        await outbox.CommitAsync(work);
    }

    /// <summary>Outbox entries (pending or sent) of one message type: each is one publication.</summary>
    public async Task<int> OutboxEntriesAsync<T>() =>
        (await Services.GetRequiredService<TransactionalOutbox>().Entries.FindAsync(DocumentFilter.Eq("messageType", typeof(T).FullName!))).Count;

    /// <summary>Inbox records of one message (one per consumer that applied it).</summary>
    public async Task<int> InboxEntriesAsync(Guid messageId) =>
        (await Services.GetRequiredService<MessageInbox>().Entries.FindAsync(DocumentFilter.Eq("messageId", messageId))).Count;

    /// <summary>The stored task with this id (held and never-opened candidates included).</summary>
    public async Task<AnnotationTask?> TaskAsync(Guid taskId) => (await Store.GetAsync(taskId, CancellationToken.None))?.Document;
}
