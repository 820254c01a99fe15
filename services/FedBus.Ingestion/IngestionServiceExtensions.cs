using FedBus.Ingestion.Dicom;
using FedBus.Ingestion.DicomWeb;
using FedBus.Ingestion.Index;
using FedBus.Ingestion.Storing;
using FedBus.Ingestion.Studies;

namespace FedBus.Ingestion;

/// <summary>How the ingestion service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class IngestionServiceExtensions
{
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(IngestionOptions.Section).Get<IngestionOptions>() ?? new IngestionOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new StudyCompletionRules(options.StudySettleTime));
        builder.Services.AddSingleton<StudyIndex>();
        builder.Services.AddSingleton<StudyPublisher>();
        builder.Services.AddSingleton<StudyCompletion>();
        builder.Services.AddSingleton<IncomingFolder>();
        builder.Services.AddSingleton<IngestUnits>();
        builder.Services.AddSingleton<BackgroundFlusher>();
        builder.Services.AddSingleton<IndexCommitter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IndexCommitter>());
        builder.Services.AddSingleton<InstanceIngestor>();
        builder.Services.AddSingleton<IngestionStoreHandler>();
        builder.Services.AddSingleton<DicomListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DicomListener>());
        builder.Services.AddHostedService<StudySettleService>();
        builder.Services.AddSingleton<StowRs>();
        builder.Services.AddSingleton<QidoRs>();
        builder.Services.AddSingleton<WadoRs>();
        // Its own document (the routes' policies are tested route by route from it), apart from composed services' ones.
        builder.Services.AddOpenApi(DicomWebEndpoints.DocumentName, o => o.ShouldInclude = d => d.GroupName == DicomWebEndpoints.DocumentName);
        return builder;
    }

    public static WebApplication MapIngestion(this WebApplication app)
    {
        app.MapDicomWeb();
        app.MapOpenApi("/openapi/{documentName:regex(^dicomweb$)}.json");
        return app;
    }
}
