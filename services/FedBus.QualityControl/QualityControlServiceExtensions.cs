namespace FedBus.QualityControl;

/// <summary>How the quality-control service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class QualityControlServiceExtensions
{
    public static IHostApplicationBuilder AddQualityControl(this IHostApplicationBuilder builder) => builder;

    public static WebApplication MapQualityControl(this WebApplication app) => app;
}
