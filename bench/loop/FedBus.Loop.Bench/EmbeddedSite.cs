using FedBus.AnnotationRequest;
using FedBus.Inference;
using FedBus.Ingestion;
using FedBus.QualityControl;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Blobs;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Loop.Bench;

/// <summary>Ingestion, inference, annotation-request and QC composed in one host: one in-memory bus, one store.</summary>
public sealed class EmbeddedSite(WebApplication app, string folder) : LoopSite
{
    public override string Name => "embedded";

    public override IBlobStore Blobs => app.Services.GetRequiredService<IBlobStore>();

    public override IBus Bus => app.Services.GetRequiredService<IBus>();

    public override HttpClient Http { get; } = SignedIn(new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) });

    public static async Task<EmbeddedSite> StartAsync(int mcPasses)
    {
        var folder = Directory.CreateTempSubdirectory("fedbus-loop-bench-").FullName;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        foreach (var (key, value) in Settings(folder, Path.Combine(folder, "blobs"), mcPasses)) builder.Configuration[key] = value;
        builder.Configuration["FedBus:Bus:Transport"] = "InMemory";
        builder.Configuration["FedBus:Ingestion:DicomPort"] = FedBus.Testing.FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["FedBus:Ingestion:BindAddress"] = "127.0.0.1";
        builder.AddServiceDefaults("site");
        builder.AddIngestion();
        builder.AddInference();
        builder.AddAnnotationRequest();
        builder.AddQualityControl();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapIngestion();
        app.MapInference();
        app.MapAnnotationRequest();
        app.MapQualityControl();
        await app.StartAsync();
        return new EmbeddedSite(app, folder);
    }

    public override async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
