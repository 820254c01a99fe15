namespace FedBus.Ingestion;

/// <summary>How the ingestion service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class IngestionServiceExtensions
{
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder) => builder;

    public static WebApplication MapIngestion(this WebApplication app) => app;
}
