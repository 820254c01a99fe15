using FedBus.Aggregation.Api;
using FedBus.Aggregation.Consumers;
using FedBus.Aggregation.Jobs;
using FedBus.Aggregation.Persistence;
using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;
using FedBus.Aggregation.Weights;
using FedBus.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FedBus.Aggregation;

/// <summary>How the aggregation service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class AggregationServiceExtensions
{
    /// <summary>
    /// The OpenAPI document of this service: <c>/aggregation/openapi/aggregation.json</c>. The route matches only this
    /// service's document name, so a composed host does not serve other services' documents under /aggregation.
    /// </summary>
    public const string OpenApiPath = "/aggregation/openapi/{documentName:regex(^aggregation$)}.json";

    /// <summary>
    /// Round orchestration (state machine in the store, consumers, the deadline sweep and schedule, the aggregation job),
    /// the model registry and the weight store. Configuration: <c>FedBus:Aggregation</c> (sweep, live sites, size limit,
    /// schedules), <c>FedBus:Aggregation:Gate</c> (tolerances), <c>FedBus:Federation:InlineWeightsLimitBytes</c>.
    /// Needs AddServiceDefaults (bus, store, blobs).
    /// </summary>
    public static IHostApplicationBuilder AddAggregation(this IHostApplicationBuilder builder)
    {
        var options = (builder.Configuration.GetSection(AggregationOptions.Section).Get<AggregationOptions>() ?? new AggregationOptions()).Validate();
        var gate = (builder.Configuration.GetSection(AggregationOptions.Section + ":Gate").Get<GateOptions>() ?? new GateOptions()).Validate();
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(new RoundLifecycle(gate));
        services.TryAddKeyedSingleton(AggregationClock.Key, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddSingleton<AggregationStore>();
        services.AddSingleton<SiteDirectory>();
        services.AddSingleton<GlobalWeightsCache>();
        services.AddSingleton<OutgoingWeights>();
        services.AddSingleton<RoundCommands>();
        services.AddSingleton<ExpectedLayouts>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<AggregationSignal>();
        services.AddSingleton<CandidateBuilder>();
        services.AddSingleton<RoundSchedule>();
        services.AddSingleton<RoundSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RoundSweeper>());
        services.AddSingleton<AggregationWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AggregationWorker>());

        services.AddFedBusConsumer<StartTrainingRoundConsumer>();
        services.AddFedBusConsumer<ModelUpdateSubmittedConsumer, RoundMessageDefinition<ModelUpdateSubmittedConsumer>>();
        services.AddFedBusConsumer<CandidateModelValidatedConsumer, RoundMessageDefinition<CandidateModelValidatedConsumer>>();
        services.AddFedBusConsumer<SiteStatisticsReportedConsumer>();

        // Its own document, so composed services do not list each other's routes.
        services.AddOpenApi(AggregationEndpoints.GroupName, o => o.ShouldInclude = d => d.GroupName == AggregationEndpoints.GroupName);
        return builder;
    }

    public static WebApplication MapAggregation(this WebApplication app)
    {
        app.MapAggregationApi();
        app.MapWeightStore();
        app.MapOpenApi(OpenApiPath);
        return app;
    }
}
