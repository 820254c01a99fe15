namespace FedBus.Inference;

/// <summary>How the inference service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class InferenceServiceExtensions
{
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder) => builder;

    public static WebApplication MapInference(this WebApplication app) => app;
}
