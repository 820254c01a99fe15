using FedBus.ServiceDefaults.Instances;
using FedBus.Training.Api;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FedBus.Training.Consumers;
using FedBus.Training.Dataset;
using FedBus.Training.Images;
using FedBus.Training.Jobs;
using FedBus.Training.Models;
using FedBus.Training.Storage;

namespace FedBus.Training;

/// <summary>How the training service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class TrainingServiceExtensions
{
    /// <summary>Where this service's OpenAPI document is served (unique, so composed services do not clash).</summary>
    public const string OpenApiPath = "/openapi/training.json";

    /// <summary>The same document under the service's prefix, which the gateway forwards.</summary>
    public const string PrefixedOpenApiPath = "/training/openapi.json";

    public static IHostApplicationBuilder AddTraining(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var siteId = configuration["FedBus:SiteId"];
        if (string.IsNullOrWhiteSpace(siteId)) throw new InvalidOperationException("Training runs at a site: set FedBus:SiteId.");
        var options = (configuration.GetSection(TrainingServiceOptions.Section).Get<TrainingServiceOptions>() ?? new TrainingServiceOptions()).Validate();
        var services = builder.Services;
        builder.AddInstanceSource();
        services.AddSingleton(options);
        services.AddSingleton(new SiteIdentity(siteId));
        services.AddSingleton(TrainingTasks.FromConfiguration(configuration, options.DefaultInputSize));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TrainingStore>();
        services.AddSingleton<SiteSplit>();
        services.AddSingleton<ICaseImageReader, DicomCaseImageReader>();
        services.AddSingleton<CasePreparation>();
        services.AddSingleton<CaseIntake>();
        services.AddSingleton<DatasetReader>();
        services.AddSingleton<CurrentModels>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobRecorder>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<TrainingQueries>();
        services.AddHostedService<TrainingStoreSetup>();
        services.AddHostedService<TrainingJobWorker>();
        services.AddFedBusConsumer<AnnotationAcceptedConsumer>();
        services.AddFedBusConsumer<CaseWithdrawnConsumer>();
        services.AddFedBusConsumer<TrainingRoundStartedConsumer>();
        services.AddFedBusConsumer<TrainingRoundClosedConsumer>();
        services.AddFedBusConsumer<ValidateCandidateModelConsumer>();
        services.AddFedBusConsumer<GlobalModelPublishedConsumer>();
        services.AddOpenApi(TrainingEndpoints.DocumentName, o => o.ShouldInclude = d => d.GroupName == TrainingEndpoints.DocumentName);
        return builder;
    }

    public static WebApplication MapTraining(this WebApplication app)
    {
        app.MapTrainingApi();
        // Routes that only match this service's document name: composed with others, each serves its own without a clash.
        app.MapOpenApi("/openapi/{documentName:regex(^training$)}.json");
        app.MapOpenApi("/{documentName:regex(^training$)}/openapi.json");
        return app;
    }
}
