using FedBus.QualityControl.Api;
using FedBus.QualityControl.Review;
using FedBus.QualityControl.Rules;
using FedBus.QualityControl.Service;
using FedBus.ServiceDefaults.Messaging;

namespace FedBus.QualityControl;

/// <summary>How the quality-control service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class QualityControlServiceExtensions
{
    /// <summary>Where this service's OpenAPI document is served (unique, so composed services do not clash).</summary>
    public const string OpenApiPath = "/openapi/qc.json";

    /// <summary>The same document under the service's prefix, which the gateway forwards.</summary>
    public const string PrefixedOpenApiPath = "/qc/openapi.json";

    public static IHostApplicationBuilder AddQualityControl(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(QualityControlOptions.Section).Get<QualityControlOptions>() ?? new QualityControlOptions();
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<QcStore>();
        services.AddSingleton(new SubmissionReviewer(new LabelRules(), options.Agreement));
        services.AddSingleton<AnnotationReviewer>();
        services.AddSingleton<FederationStatisticsRecorder>();
        services.AddSingleton<SiteActivityRecorder>();
        services.AddSingleton<StatisticsReporter>();
        services.AddSingleton<CaseWithdrawals>();
        services.AddSingleton<QcQueries>();
        services.AddHostedService<QcStoreSetup>();
        services.AddHostedService<StatisticsReportService>();
        services.AddFedBusConsumer<AnnotationSubmittedConsumer, AnnotationSubmittedConsumerDefinition>();
        services.AddFedBusConsumer<FederationStatisticsConsumer, FederationStatisticsConsumerDefinition>();
        services.AddFedBusConsumer<StudyReceivedActivityConsumer>();
        services.AddFedBusConsumer<AnnotationTaskCreatedActivityConsumer>();
        services.AddOpenApi(QualityControlEndpoints.DocumentName, o => o.ShouldInclude = d => d.GroupName == QualityControlEndpoints.DocumentName);
        return builder;
    }

    public static WebApplication MapQualityControl(this WebApplication app)
    {
        app.MapQualityControlApi();
        // Routes that only match this service's document name: composed with others, each serves its own without a clash.
        app.MapOpenApi("/openapi/{documentName:regex(^qc$)}.json");
        app.MapOpenApi("/{documentName:regex(^qc$)}/openapi.json");
        return app;
    }
}
