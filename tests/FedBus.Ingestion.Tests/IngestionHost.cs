using FedBus.Ingestion.Dicom;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging;
using FedBus.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace FedBus.Ingestion.Tests;

/// <summary>
/// The real ingestion service in this process: Kestrel on a free port (so Orthanc can reach it), its C-STORE SCP on a
/// free port, in-memory bus with a recorder of what it publishes, LiteDB and blobs in a temp folder. What it logs goes to
/// the suite's log capture (for the log audit), what it would export as traces to <see cref="Spans"/>.
/// </summary>
public sealed class IngestionHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AeTitle = "FEDBUS";
    private readonly string _data;
    private readonly bool _ownsData;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;

    public IngestionHost()
        : this(null, new Dictionary<string, string>(), null)
    {
    }

    private IngestionHost(string? dataDirectory, IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? services)
    {
        _ownsData = dataDirectory is null;
        _data = dataDirectory ?? Directory.CreateTempSubdirectory("fedbus-ingestion-").FullName;
        _settings = settings;
        _services = services;
        UseKestrel(0);
    }

    /// <summary>
    /// A host on a data folder the caller owns (e.g. one a crash left behind), with extra settings (e.g. a shared store)
    /// and services changed after the service's own (e.g. a real part wrapped to watch it).
    /// </summary>
    public static async Task<IngestionHost> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var host = new IngestionHost(dataDirectory, settings ?? new Dictionary<string, string>(), services);
        await ((IAsyncLifetime)host).InitializeAsync();
        return host;
    }

    public string DataDirectory => _data;

    public TimeSpan SettleTime { get; } = TimeSpan.FromSeconds(2);

    public int DicomPort => Services.GetRequiredService<DicomListener>().Port;

    public Uri BaseAddress { get; private set; } = null!;

    public StudyReceivedRecorder Published => Services.GetRequiredService<StudyReceivedRecorder>();

    public SpanRecorder Spans { get; } = new();

    public StudyIndex Index => Services.GetRequiredService<StudyIndex>();

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    /// <summary>
    /// When the sender is answered, the stored record is complete at that generation with no sender left and its
    /// announcement is committed (to the outbox, with the record); the outbox dispatcher then publishes it once per
    /// generation. Only a receiving record is ever announced, so no further announcement can follow without new instances.
    /// </summary>
    public async Task AssertAnnouncedOnceAndClosedAsync(string studyInstanceUid, int generation = 1)
    {
        var record = (await Index.Studies.GetAsync(studyInstanceUid))!.Document;
        Assert.Equal((StudyState.Complete, generation, generation), (record.State, record.Generation, record.PublishedGeneration));
        Assert.Empty(record.Senders);
        var published = await Published.WaitForPublishedCountAsync(studyInstanceUid, generation, OutboxDispatchBound);
        Assert.Equal(generation, published.Count);
    }

    /// <summary>How long a committed announcement may wait for the outbox dispatcher on a loaded 2-core machine.</summary>
    private static TimeSpan OutboxDispatchBound { get; } = TimeSpan.FromSeconds(15);

    /// <summary>A client with a token of this site carrying every site role (STOW needs service, QIDO/WADO any).</summary>
    public HttpClient Http() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { Authorization = TestTokens.SiteBearer("site-test") } };

    public Task InitializeAsync()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("FedBus:SiteId", "site-test");
        builder.UseSetting(TestTokens.SettingKey, TestTokens.SigningKey);
        builder.UseSetting("FedBus:DataDirectory", _data);
        builder.UseSetting("FedBus:Bus:Transport", "InMemory");
        builder.UseSetting("FedBus:Ingestion:AeTitle", AeTitle);
        builder.UseSetting("FedBus:Ingestion:DicomPort", "0");
        builder.UseSetting("FedBus:Ingestion:BindAddress", "127.0.0.1");
        builder.UseSetting("FedBus:Ingestion:StudySettleTime", SettleTime.ToString());
        builder.UseSetting("FedBus:Logging:CaptureDirectory", LogCapture.Directory);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        // The service's own levels (Information) reach the capture; the console shows only what needs a look.
        builder.ConfigureLogging(l => l.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<StudyReceivedRecorder>();
            services.AddFedBusConsumer<StudyReceivedRecordingConsumer>();
            services.AddPublishObserver<StudyReceivedPublishObserver>();
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SimpleActivityExportProcessor(Spans)));
            _services?.Invoke(services);
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (!_ownsData) return;
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold its file for a moment; the temp folder is disposable anyway.
        }
    }
}
