using FedBus.AnnotationRequest;
using FedBus.Inference;
using FedBus.Ingestion;
using FedBus.QualityControl;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Hosting;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Loop.Bench;

/// <summary>
/// Ingestion, inference, annotation-request and QC composed in one host: one in-memory bus, one store. Or inference
/// alone in the host (<c>inferenceOnly</c>): the inference service's own throughput, with its inbox, outbox and store,
/// when the other services run elsewhere.
/// </summary>
public sealed class EmbeddedSite(WebApplication app, string folder, string name) : LoopSite
{
    public override string Name => name;

    public override IBlobStore Blobs => app.Services.GetRequiredService<IBlobStore>();

    public override IBus Bus => app.Services.GetRequiredService<IBus>();

    public override HttpClient Http { get; } = SignedIn(new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) });

    public static async Task<EmbeddedSite> StartAsync(int mcPasses, bool inferenceOnly = false)
    {
        var folder = Directory.CreateTempSubdirectory("fedbus-loop-bench-").FullName;
        var builder = FedBusWebApplication.CreateBuilder([]);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        foreach (var (key, value) in Settings(folder, Path.Combine(folder, "blobs"), mcPasses)) builder.Configuration[key] = value;
        builder.Configuration["FedBus:Bus:Transport"] = "InMemory";
        builder.Configuration["FedBus:Ingestion:DicomPort"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["FedBus:Ingestion:BindAddress"] = "127.0.0.1";
        builder.AddServiceDefaults("site");
        builder.AddInference();
        if (!inferenceOnly)
        {
            builder.AddIngestion();
            builder.AddAnnotationRequest();
            builder.AddQualityControl();
        }
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInference();
        if (!inferenceOnly)
        {
            app.MapIngestion();
            app.MapAnnotationRequest();
            app.MapQualityControl();
        }
        await app.StartAsync();
        return new EmbeddedSite(app, folder, inferenceOnly ? "inference" : "embedded");
    }

    public override async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
