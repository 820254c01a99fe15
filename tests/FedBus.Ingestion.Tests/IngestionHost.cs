using FedBus.Ingestion.Dicom;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedBus.Ingestion.Tests;

/// <summary>
/// The real ingestion service in this process: Kestrel on a free port (so Orthanc can reach it), its C-STORE SCP on a
/// free port, in-memory bus with a recorder of what it publishes, LiteDB and blobs in a temp folder.
/// </summary>
public sealed class IngestionHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AeTitle = "FEDBUS";
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-ingestion-").FullName;

    public IngestionHost()
    {
        UseKestrel(0);
    }

    public TimeSpan SettleTime { get; } = TimeSpan.FromSeconds(2);

    public int DicomPort => Services.GetRequiredService<DicomListener>().Port;

    public Uri BaseAddress { get; private set; } = null!;

    public StudyReceivedRecorder Published => Services.GetRequiredService<StudyReceivedRecorder>();

    public StudyIndex Index => Services.GetRequiredService<StudyIndex>();

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    public HttpClient Http() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

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
        builder.UseSetting("FedBus:DataDirectory", _data);
        builder.UseSetting("FedBus:Bus:Transport", "InMemory");
        builder.UseSetting("FedBus:Ingestion:AeTitle", AeTitle);
        builder.UseSetting("FedBus:Ingestion:DicomPort", "0");
        builder.UseSetting("FedBus:Ingestion:BindAddress", "127.0.0.1");
        builder.UseSetting("FedBus:Ingestion:StudySettleTime", SettleTime.ToString());
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<StudyReceivedRecorder>();
            services.AddFedBusConsumer<StudyReceivedRecordingConsumer>();
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
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
