using FedBus.AnnotationRequest.Consumers;
using FedBus.AnnotationRequest.Persistence;
using FedBus.AnnotationRequest.Tasks;
using FedBus.AnnotationRequest.Triage;
using FedBus.AnnotationRequest.Worklist;
using FedBus.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FedBus.AnnotationRequest;

/// <summary>How the annotation-request service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class AnnotationRequestServiceExtensions
{
    /// <summary>The OpenAPI document of this service: <c>/annotations/openapi/annotations.json</c>.</summary>
    public const string OpenApiPath = "/annotations/openapi/{documentName}.json";

    /// <summary>
    /// Triage, task lifecycle, deadline sweep, consumers and the worklist. Configuration: <c>FedBus:AnnotationRequest</c>
    /// (sweep, label size, DICOMweb base, default triage), <c>FedBus:AnnotationRequest:Lifecycle</c> (lease, return timeout,
    /// due time), <c>FedBus:Tasks:&lt;name&gt;</c> (ModelId and Triage per task). Needs AddServiceDefaults (bus, store, blobs).
    /// </summary>
    public static IHostApplicationBuilder AddAnnotationRequest(this IHostApplicationBuilder builder)
    {
        var options = (builder.Configuration.GetSection(AnnotationRequestOptions.Section).Get<AnnotationRequestOptions>() ?? new AnnotationRequestOptions()).Validate();
        var lifecycle = (builder.Configuration.GetSection(LifecycleOptions.Section).Get<LifecycleOptions>() ?? new LifecycleOptions()).Validate();
        var services = builder.Services;
        services.AddSingleton(options);
        services.TryAddKeyedSingleton(AnnotationClock.Key, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddSingleton(new TaskLifecycle(lifecycle));
        services.AddSingleton(TriageCatalog.FromConfiguration(builder.Configuration, options.Triage));
        services.AddSingleton<AnnotationStore>();
        services.AddSingleton<TaskOpening>();
        services.AddSingleton<TaskCommands>();
        services.AddSingleton<ReaderViews>();
        services.TryAddSingleton<IReaderIdentity, TokenReaderIdentity>();
        services.AddSingleton<DeadlineSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineSweeper>());

        services.AddFedBusConsumer<InferenceCompletedConsumer>();
        services.AddFedBusConsumer<AnnotationRejectedConsumer>();
        services.AddFedBusConsumer<AnnotationAcceptedConsumer>();
        services.AddFedBusConsumer<AnnotationAdjudicationRequestedConsumer>();
        services.AddFedBusConsumer<CaseWithdrawnConsumer>();

        // Its own document, so composed services do not list each other's routes.
        services.AddOpenApi(WorklistEndpoints.GroupName, o => o.ShouldInclude = d => d.GroupName == WorklistEndpoints.GroupName);
        return builder;
    }

    public static WebApplication MapAnnotationRequest(this WebApplication app)
    {
        app.MapAnnotationWorklist();
        app.MapOpenApi(OpenApiPath);
        return app;
    }
}
