using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Federation;
using FedBus.ServiceDefaults.Limits;
using FedBus.ServiceDefaults.Logging;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Privacy;
using FedBus.ServiceDefaults.Security;
using FedBus.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FedBus.ServiceDefaults;

public static class HostingExtensions
{
    /// <summary>
    /// The wiring every FedBus service shares: bus, document store, blob store, health checks, telemetry and logging.
    /// Configuration: FedBus (SiteId, ServiceName, DataDirectory), FedBus:Bus, FedBus:Storage, FedBus:Logging, FedBus:Federation.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        var fedBus = builder.Configuration.GetSection(FedBusOptions.Section).Get<FedBusOptions>() ?? new FedBusOptions();
        fedBus.ServiceName = serviceName;
        builder.Services.AddSingleton(fedBus);

        LoggingDefaults.Add(builder, fedBus);
        builder.AddFedBusAuthentication(fedBus.SiteId);
        // Before the federation's services, which only add anonymous credentials when none are registered.
        builder.Services.AddSingleton<IFederationCredentials>(sp => new ServiceTokenCredentials(
            sp.GetRequiredService<AuthOptions>(), sp.GetRequiredService<DevelopmentKey>(), fedBus, TimeProvider.System));
        AddRequestLimits(builder);
        AddStorage(builder, fedBus);
        // Before the bus: at a hub that sets the RabbitMQ link up, the link is in place before its consumers start.
        FederationServices.Add(builder);
        FedBusMessaging.AddBus(builder, fedBus);
        AddTelemetry(builder, fedBus);

        builder.Services.AddHealthChecks()
            .AddCheck<DocumentStoreHealthCheck>("document-store", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// /health: every check (bus, store); /health/live: the process answers. Both without a token: orchestrators
    /// (Docker, Kubernetes) probe them without credentials, and they name no study, task or label. Also holds every
    /// routed request body to its route's limit (<see cref="RequestLimitMiddleware"/>).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Added to the app, so it runs after routing and authorization (the endpoint and its limit are known).
        app.UseMiddleware<RequestLimitMiddleware>();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// FedBus:RequestLimits: every routed body is held to its route's limit (MapDefaultEndpoints adds the middleware);
    /// Kestrel's own limit drops to the default, so even a request that matches no route cannot send 30 MB.
    /// </summary>
    private static void AddRequestLimits(IHostApplicationBuilder builder)
    {
        var limits = (builder.Configuration.GetSection(RequestLimitOptions.Section).Get<RequestLimitOptions>() ?? new RequestLimitOptions()).Validate();
        builder.Services.AddSingleton(limits);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = limits.DefaultBytes);
        RequestLimitDocumentation.Add(builder.Services, limits);
    }

    private static void AddStorage(IHostApplicationBuilder builder, FedBusOptions fedBus)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        builder.Services.AddSingleton(storage);
        var scope = string.IsNullOrEmpty(fedBus.SiteId) ? "hub" : fedBus.SiteId;
        switch (storage.Provider)
        {
            case StorageProvider.LiteDb:
                builder.Services.AddSingleton<IDocumentStore>(_ =>
                {
                    var connection = storage.LiteDb;
                    if (connection is null)
                    {
                        Directory.CreateDirectory(fedBus.DataDirectory);
                        connection = $"Filename={Path.Combine(fedBus.DataDirectory, $"{scope}-{fedBus.ServiceName}.litedb")};Connection=direct";
                    }
                    return new LiteDbDocumentStore(connection, storage.LiteDbCheckpointPages, storage.LiteDbIdleCheckpoint);
                });
                break;
            case StorageProvider.Mongo:
                builder.Services.AddSingleton<IDocumentStore>(_ => new MongoDocumentStore(
                    storage.MongoConnectionString, storage.MongoDatabase ?? $"fedbus-{scope}-{fedBus.ServiceName}"));
                break;
            default:
                throw new InvalidOperationException($"Unknown storage provider '{storage.Provider}'.");
        }
        builder.Services.AddSingleton<IBlobStore>(_ => new FileSystemBlobStore(storage.BlobRoot ?? Path.Combine(fedBus.DataDirectory, "blobs"), storage.BlobFlushEachWrite));
    }

    private static void AddTelemetry(IHostApplicationBuilder builder, FedBusOptions fedBus)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r
                .AddService(fedBus.ServiceName)
                .AddAttributes([new("fedbus.site", string.IsNullOrEmpty(fedBus.SiteId) ? "hub" : fedBus.SiteId)]))
            .WithTracing(t =>
            {
                // MassTransit's activities carry the trace across the broker.
                t.AddSource("MassTransit").AddSource(FedBusTelemetry.Name).AddAspNetCoreInstrumentation();
                // Before any exporter: request URLs name studies and patients.
                t.AddProcessor(new UrlRedactionProcessor());
                if (otlp) t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddMeter("MassTransit").AddMeter(FedBusTelemetry.Name).AddAspNetCoreInstrumentation();
                if (otlp) m.AddOtlpExporter();
            });
    }
}
