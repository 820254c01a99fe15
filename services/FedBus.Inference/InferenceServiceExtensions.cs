using FedBus.Inference.Http;
using FedBus.Inference.Models;
using FedBus.Inference.Studies;
using FedBus.ServiceDefaults.Instances;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Inference;

/// <summary>How the inference service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class InferenceServiceExtensions
{
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(InferenceOptions.Section).Get<InferenceOptions>() ?? new InferenceOptions();
        var configured = builder.Configuration.GetSection(InferenceTaskOptions.Section).Get<Dictionary<string, InferenceTaskOptions>>() ?? [];
        var duplicate = configured.GroupBy(kv => kv.Value.ModelId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Tasks {string.Join(", ", duplicate.Select(kv => kv.Key))} follow the same model {duplicate.Key}; give each task its own model.");
        options.ResolveConcurrency(configured.Values);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp =>
        {
            // libtorch loads only where a task needs it.
            if (configured.Count > 0) TorchStartup.Ensure(options.TorchThreads);
            return new InferenceTasks(configured, sp.GetRequiredService<ILoggerFactory>());
        });
        builder.Services.AddSingleton<ModelCatalog>();
        builder.Services.AddHostedService<ModelCatalogStartup>();
        builder.Services.AddSingleton<OutcomeWriter>();
        builder.Services.AddSingleton<StudyInference>();
        builder.AddInstanceSource();
        builder.Services.AddFedBusConsumer<StudyReceivedConsumer, StudyReceivedConsumerDefinition>();
        builder.Services.AddFedBusConsumer<GlobalModelPublishedConsumer>();
        builder.Services.AddOpenApi(InferenceEndpoints.DocumentName);
        builder.Services.AddHostedService<IndexSetup>();
        return builder;
    }

    public static WebApplication MapInference(this WebApplication app)
    {
        app.MapInferenceApi();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }

    /// <summary>Indexes the study lookups of the HTTP API.</summary>
    private sealed class IndexSetup(OutcomeWriter records) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await records.Predictions.EnsureIndexAsync("studyInstanceUid", cancellationToken);
            await records.Skips.EnsureIndexAsync("studyInstanceUid", cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
