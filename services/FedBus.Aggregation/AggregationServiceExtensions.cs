namespace FedBus.Aggregation;

/// <summary>How the aggregation service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class AggregationServiceExtensions
{
    public static IHostApplicationBuilder AddAggregation(this IHostApplicationBuilder builder) => builder;

    public static WebApplication MapAggregation(this WebApplication app) => app;
}
