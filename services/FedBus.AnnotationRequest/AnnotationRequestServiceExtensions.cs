namespace FedBus.AnnotationRequest;

/// <summary>How the annotation-request service joins a host: alone in its own process, or composed by AppHost.</summary>
public static class AnnotationRequestServiceExtensions
{
    public static IHostApplicationBuilder AddAnnotationRequest(this IHostApplicationBuilder builder) => builder;

    public static WebApplication MapAnnotationRequest(this WebApplication app) => app;
}
