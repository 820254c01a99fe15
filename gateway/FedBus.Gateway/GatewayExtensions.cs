namespace FedBus.Gateway;

/// <summary>The gateway as a host piece, so tests and a composed host can run it like Program does.</summary>
public static class GatewayExtensions
{
    /// <summary>The reverse proxy (routes and clusters from <c>ReverseProxy</c>), health checks and the desk's options.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddHealthChecks();
        var desk = new DeskOptions();
        builder.Configuration.GetSection(DeskOptions.Section).Bind(desk);
        builder.Services.AddSingleton(desk);
        return builder;
    }

    /// <summary>/health, the desk under /desk/ and the services' prefixes, forwarded unchanged.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapDesk();
        app.MapReverseProxy();
        return app;
    }
}
