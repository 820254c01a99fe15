using System.Globalization;
using FedBus.AnnotationRequest;
using FedBus.Inference;
using FedBus.Ingestion;
using FedBus.Ingestion.Dicom;
using FedBus.QualityControl;
using FedBus.Training;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.AppHost.Demo;

/// <summary>
/// One hospital: every site service (ingestion, inference, annotation-request, quality-control, training) composed into
/// one WebApplication with one in-memory bus, one LiteDB and one blob store under the run's folder, plus the demo's
/// observer on that bus. Large weight files go to and come from the hub's weight store at <c>hubUrl</c> (its gateway).
/// </summary>
internal sealed class SiteHost : IAsyncDisposable, IDemoSiteView
{
    private SiteHost(DemoSite site, WebApplication app, SiteActivity activity)
    {
        Site = site;
        App = app;
        Activity = activity;
    }

    public DemoSite Site { get; }

    public WebApplication App { get; }

    public SiteActivity Activity { get; }

    public Uri Address => HostFactory.Address(App);

    /// <summary>The C-STORE SCP's port on loopback.</summary>
    public int DicomPort => App.Services.GetRequiredService<DicomListener>().Port;

    public IBus Bus => App.Services.GetRequiredService<IBus>();

    public static async Task<SiteHost> StartAsync(DemoSite site, DemoData data, DemoSettings settings, string runFolder, Uri hubUrl, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(runFolder, "sites", site.SiteId);
        var task = DemoTaskConfig.For(settings.Task);
        var config = new Dictionary<string, string?>
        {
            ["FedBus:SiteId"] = site.SiteId,
            ["FedBus:DataDirectory"] = folder,
            ["FedBus:Bus:Transport"] = "InMemory",
            ["FedBus:Bus:OutboxSweepInterval"] = "00:00:00.500",
            ["FedBus:Ingestion:AeTitle"] = "FEDBUS",
            ["FedBus:Ingestion:DicomPort"] = "0",
            ["FedBus:Ingestion:BindAddress"] = "127.0.0.1",
            ["FedBus:Ingestion:StudySettleTime"] = settings.StudySettleTime.ToString("c", CultureInfo.InvariantCulture),
            ["FedBus:AnnotationRequest:SweepInterval"] = "00:00:01",
            ["FedBus:Instances:Source"] = "BlobStore",
            ["FedBus:Inference:TorchThreads"] = settings.Threads.ToString(CultureInfo.InvariantCulture),
            [$"FedBus:Tasks:{task.Name}:ModelId"] = task.ModelId,
            [$"FedBus:Tasks:{task.Name}:Kind"] = task.Kind,
            [$"FedBus:Tasks:{task.Name}:InputSize"] = settings.InputSize.ToString(CultureInfo.InvariantCulture),
            [$"FedBus:Tasks:{task.Name}:Modalities:0"] = "MR",
            [$"FedBus:Tasks:{task.Name}:McPasses"] = settings.McPasses.ToString(CultureInfo.InvariantCulture),
            [$"FedBus:Tasks:{task.Name}:Triage:Strategy"] = settings.Triage,
            [$"FedBus:Tasks:{task.Name}:Triage:AuditRate"] = settings.AuditRate.ToString(CultureInfo.InvariantCulture),
            [$"FedBus:Tasks:{task.Name}:Triage:AuditSeed"] = $"demo-{settings.Seed}",
            [$"FedBus:Tasks:{task.Name}:Triage:DailyBudget"] = settings.Budget?.ToString(CultureInfo.InvariantCulture),
            ["FedBus:Federation:HubUrl"] = hubUrl.ToString(),
            ["FedBus:Federation:InlineWeightsLimitBytes"] = settings.InlineWeightsLimitBytes.ToString(CultureInfo.InvariantCulture),
            ["FedBus:Training:TorchThreads"] = settings.Threads.ToString(CultureInfo.InvariantCulture),
            ["FedBus:Training:ValidationFraction"] = settings.ValidationFraction.ToString(CultureInfo.InvariantCulture),
            ["FedBus:Training:JobPollInterval"] = "00:00:01",
            ["FedBus:Training:JobRetryDelay"] = "00:00:02",
            // A radiologist reviews what QC's statistics say after every few verdicts, not after 50.
            ["FedBus:QualityControl:ReportEveryVerdicts"] = "10",
        };
        var builder = HostFactory.Create(site.SiteId, folder, Path.Combine(runFolder, "logs"), config);
        builder.AddServiceDefaults("site");
        builder.AddIngestion();
        builder.AddInference();
        builder.AddAnnotationRequest();
        builder.AddQualityControl();
        builder.AddTraining();

        var activity = new SiteActivity(site.SiteId, data.Truth, data.Spec.Classes);
        builder.Services.AddSingleton(activity);
        builder.Services.AddFedBusConsumer<SiteActivityObserver>();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapIngestion();
        app.MapInference();
        app.MapAnnotationRequest();
        app.MapQualityControl();
        app.MapTraining();
        await app.StartAsync(cancellationToken);
        return new SiteHost(site, app, activity);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
    }
}
