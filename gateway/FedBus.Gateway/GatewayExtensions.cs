using FedBus.ServiceDefaults.Security;

namespace FedBus.Gateway;

/// <summary>The gateway as a host piece, so tests and a composed host can run it like Program does.</summary>
public static class GatewayExtensions
{
    /// <summary>
    /// The reverse proxy (routes and clusters from <c>ReverseProxy</c>), health checks, the desk's options, and the
    /// services' authentication (FedBus:Auth): every forwarded request needs a valid bearer token, which is forwarded
    /// unchanged so each service applies its own roles and site.
    /// </summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        var desk = new DeskOptions();
        builder.Configuration.GetSection(DeskOptions.Section).Bind(desk);
        desk.SignIn.Validate();
        builder.Services.AddSingleton(desk);
        // The desk may fetch from its OIDC issuer (discovery and token endpoint), and from nowhere else.
        builder.AddFedBusAuthentication(builder.Configuration["FedBus:SiteId"], SecurityHeaders.DeskPolicyWith(desk.SignIn.Origin));
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>
    /// /health and the desk's files without a token (the desk must load to sign in; it holds no data), then
    /// authentication and authorization, then the services' prefixes, forwarded unchanged (Authorization included).
    /// </summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapDesk();
        // Placed here, after the desk's static files, so those need no token; everything routed below does.
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapReverseProxy();
        return app;
    }
}
