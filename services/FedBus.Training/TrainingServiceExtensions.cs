namespace FedBus.Training;

/// <summary>How the training service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class TrainingServiceExtensions
{
    public static IHostApplicationBuilder AddTraining(this IHostApplicationBuilder builder) => builder;

    public static WebApplication MapTraining(this WebApplication app) => app;
}
