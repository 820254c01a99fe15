using FedBus.Aggregation;
using System.Globalization;
using FedBus.ServiceDefaults;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.AppHost.Demo;

/// <summary>
/// The hub: aggregation (rounds, the gate, the model registry, the weight store) composed into its own WebApplication
/// with its own in-memory bus, LiteDB and blob store. Its blob store is the weight store the sites upload to and fetch from.
/// </summary>
internal sealed class HubHost : IAsyncDisposable
{
    private HubHost(WebApplication app) => App = app;

    public WebApplication App { get; }

    public Uri Address => HostFactory.Address(App);

    public IBus Bus => App.Services.GetRequiredService<IBus>();

    public static async Task<HubHost> StartAsync(string runFolder, DemoSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(runFolder, "hub");
        var config = new Dictionary<string, string?>
        {
            ["FedBus:DataDirectory"] = folder,
            ["FedBus:Bus:Transport"] = "InMemory",
            ["FedBus:Bus:OutboxSweepInterval"] = "00:00:00.500",
            // Deadlines and the aggregation job looked at every second: a demo's round should not idle.
            ["FedBus:Aggregation:SweepInterval"] = "00:00:01",
            ["FedBus:Aggregation:TorchThreads"] = settings.Threads.ToString(CultureInfo.InvariantCulture),
            ["FedBus:Federation:InlineWeightsLimitBytes"] = settings.InlineWeightsLimitBytes.ToString(CultureInfo.InvariantCulture),
        };
        var builder = HostFactory.Create("hub", folder, Path.Combine(runFolder, "logs"), config);
        builder.AddServiceDefaults("hub");
        builder.AddAggregation();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapAggregation();
        await app.StartAsync(cancellationToken);
        return new HubHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
    }
}
