using FedBus.ServiceDefaults.Security;
using Yarp.ReverseProxy.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.AppHost.Demo;

/// <summary>
/// The gateway in front of one host (a site or the hub): YARP forwarding the services' prefixes unchanged, as
/// gateway/FedBus.Gateway does in a deployment, and like it refusing a request without a valid token (401) before
/// forwarding it. The simulators speak to the sites only through their gateways.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Prefixes = ["dicomweb", "inference", "annotations", "qc", "training", "aggregation"];

    private GatewayHost(WebApplication app) => App = app;

    public WebApplication App { get; }

    public Uri Address => HostFactory.Address(App);

    public static Task<GatewayHost> StartAsync(string name, Uri backend, string runFolder, CancellationToken cancellationToken) =>
        StartAsync(name, Prefixes.ToDictionary(p => p, _ => backend, StringComparer.Ordinal), runFolder, cancellationToken);

    /// <summary>A gateway over one backend per prefix (`up`: every service its own process), as the deployed gateway routes.</summary>
    public static async Task<GatewayHost> StartAsync(string name, IReadOnlyDictionary<string, Uri> backends, string runFolder, CancellationToken cancellationToken)
    {
        var builder = HostFactory.Create($"gateway-{name}", Path.Combine(runFolder, "gateways", name), Path.Combine(runFolder, "logs"), new Dictionary<string, string?>());
        var routes = backends.Keys.Select(p => new RouteConfig { RouteId = p, ClusterId = "backend-" + p, Match = new RouteMatch { Path = $"/{p}/{{**rest}}" } }).ToList();
        var clusters = backends.Select(kv => new ClusterConfig
        {
            ClusterId = "backend-" + kv.Key,
            Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = kv.Value.ToString() } },
        }).ToList();
        // The run's development key (HostFactory gives it to every host); the services still apply their roles and site.
        builder.AddFedBusAuthentication(null);
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapReverseProxy();
        await app.StartAsync(cancellationToken);
        return new GatewayHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
    }
}
