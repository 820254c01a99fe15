using System.Globalization;
using System.Net.Http.Json;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Federation;
using FedBus.ServiceDefaults.Federation.Link;
using FedBus.ServiceDefaults.Tests.Messaging;
using FedBus.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Tests.Federation;

/// <summary>
/// The RabbitMQ link on the real broker: a hub and two sites, each its own virtual host (created here, deleted after),
/// joined by shovels the hub sets up from the whitelist at start-up through the management API.
/// </summary>
public sealed class FederationLinkTests : IAsyncLifetime
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly string _root = Directory.CreateTempSubdirectory("fedbus-link-").FullName;
    private readonly HttpClient _management = RabbitMqBroker.CreateManagementClient();
    private readonly List<IHost> _hosts = [];

    private string HubVhost => $"fedbus-test-{_run}-hub";

    private string SiteId(char s) => $"site-{s}-{_run}";

    private string SiteVhost(char s) => $"fedbus-test-{_run}-site-{s}";

    public async Task InitializeAsync()
    {
        foreach (var vhost in new[] { HubVhost, SiteVhost('a'), SiteVhost('b') })
        {
            (await _management.PutAsJsonAsync($"/api/vhosts/{Uri.EscapeDataString(vhost)}", new { description = "FedBus link test" })).EnsureSuccessStatusCode();
            (await _management.PutAsJsonAsync($"/api/permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(RabbitMqBroker.Username)}",
                new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Only_whitelisted_messages_cross_between_the_site_and_hub_virtual_hosts()
    {
        var hub = await StartAsync(siteId: null, HubVhost);
        var site = await StartAsync(SiteId('a'), SiteVhost('a'));
        var hubUpdates = await Arrivals<ModelUpdateSubmitted>.OnAsync(Bus(hub));
        var hubStudies = await Arrivals<StudyReceived>.OnAsync(Bus(hub));
        var siteStudies = await Arrivals<StudyReceived>.OnAsync(Bus(site));
        var siteStatistics = await Arrivals<FederationStatisticsPublished>.OnAsync(Bus(site));
        var study = TestHosts.Study(Guid.NewGuid());
        var update = new ModelUpdateSubmitted(Guid.NewGuid(), DateTimeOffset.UtcNow, SiteId('a'), Guid.NewGuid(), "brain", 1,
            new ModelWeights(new string('0', 64), 0, []), 10, 2, 1, 5, []);
        var statistics = new FederationStatisticsPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, "brain", 1, []);

        // The study first, and seen at its own site: if anything carried it up, it would be on its way before the update.
        await Bus(site).Publish(study);
        await siteStudies.WaitForAsync(s => s.MessageId == study.MessageId);
        await Bus(site).Publish(update);
        var up = await hubUpdates.WaitForAsync(u => u.MessageId == update.MessageId);
        await Bus(hub).Publish(statistics);
        var down = await siteStatistics.WaitForAsync(s => s.MessageId == statistics.MessageId);

        Assert.Equal(update.MessageId, up.MessageId);
        Assert.Equal(statistics.MessageId, down.MessageId);
        Assert.Empty(hubStudies.Seen);
        // And no path for it: at the site, the study's exchange feeds no link queue (the update's does).
        Assert.DoesNotContain(await BoundQueuesAsync(SiteVhost('a'), typeof(StudyReceived)), q => q.StartsWith(FederationLinkPlan.NamePrefix, StringComparison.Ordinal));
        Assert.Contains(await BoundQueuesAsync(SiteVhost('a'), typeof(ModelUpdateSubmitted)), q => q.StartsWith(FederationLinkPlan.NamePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Setting_the_link_up_again_changes_nothing_and_names_every_shovel_from_the_whitelist()
    {
        var hub = await StartAsync(siteId: null, HubVhost);
        using var again = new FederationLinkConfigurator(hub.Services.GetRequiredService<FederationOptions>().Link);

        var report = await again.ConfigureAsync();

        Assert.Empty(report.Changes);
        var shovels = await _management.GetFromJsonAsync<List<ShovelParameter>>($"/api/parameters/shovel/{Uri.EscapeDataString(HubVhost)}") ?? [];
        var expected = new[] { 'a', 'b' }.SelectMany(s =>
            FederationWhitelist.SiteToHub.Select(t => $"{FederationLinkPlan.UpQueuePrefix}{SiteId(s)}.{t.Name}")
                .Concat(FederationWhitelist.HubToSite.Select(t => FederationLinkPlan.DownQueueNameOf(SiteId(s), t))));
        Assert.Equal(expected.Order(), shovels.Select(p => p.Name).Order());
    }

    [Fact]
    public async Task A_broker_that_loaded_the_definitions_file_already_has_the_whole_link()
    {
        var options = LinkOptions(createVirtualHosts: false);
        (await _management.PostAsJsonAsync("/api/definitions", FederationLinkDefinitions.Create(options))).EnsureSuccessStatusCode();
        using var configurator = new FederationLinkConfigurator(options);

        var report = await configurator.ConfigureAsync();

        Assert.Empty(report.Changes);
        Assert.True(report.Unchanged > 0);
    }

    private FederationLinkOptions LinkOptions(bool createVirtualHosts) => new()
    {
        ManagementUrl = new Uri(RabbitMqBroker.ManagementUrl),
        ManagementUsername = RabbitMqBroker.Username,
        ManagementPassword = RabbitMqBroker.Password,
        AmqpHost = RabbitMqBroker.Host,
        AmqpPort = RabbitMqBroker.Port,
        HubVirtualHost = HubVhost,
        ReconnectDelaySeconds = 1,
        CreateVirtualHosts = createVirtualHosts,
        Sites = [.. new[] { 'a', 'b' }.Select(s => new FederationLinkSite { SiteId = SiteId(s), VirtualHost = SiteVhost(s), LinkPassword = "pw-" + _run + s })],
    };

    /// <summary>The queues a message type's exchange in a virtual host feeds directly.</summary>
    private async Task<IReadOnlyList<string>> BoundQueuesAsync(string vhost, Type messageType)
    {
        var bindings = await _management.GetFromJsonAsync<List<BindingInfo>>(
            $"/api/exchanges/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(FederationExchanges.NameOf(messageType))}/bindings/source") ?? [];
        return [.. bindings.Where(b => b.DestinationType == "queue").Select(b => b.Destination)];
    }

    private static IBus Bus(IHost host) => host.Services.GetRequiredService<IBus>();

    private async Task<IHost> StartAsync(string? siteId, string vhost)
    {
        var settings = new Dictionary<string, string?>
        {
            ["FedBus:SiteId"] = siteId,
            ["FedBus:DataDirectory"] = Path.Combine(_root, siteId ?? "hub"),
            ["FedBus:Bus:Transport"] = "RabbitMq",
            ["FedBus:Bus:Host"] = RabbitMqBroker.Host,
            ["FedBus:Bus:Port"] = RabbitMqBroker.Port.ToString(CultureInfo.InvariantCulture),
            ["FedBus:Bus:VirtualHost"] = vhost,
            ["FedBus:Bus:Username"] = RabbitMqBroker.Username,
            ["FedBus:Bus:Password"] = RabbitMqBroker.Password,
        };
        if (siteId is null)
        {
            settings["FedBus:Federation:Link:ConfigureAtStartup"] = "true";
            settings["FedBus:Federation:Link:ManagementUrl"] = RabbitMqBroker.ManagementUrl;
            settings["FedBus:Federation:Link:ManagementUsername"] = RabbitMqBroker.Username;
            settings["FedBus:Federation:Link:ManagementPassword"] = RabbitMqBroker.Password;
            settings["FedBus:Federation:Link:AmqpHost"] = RabbitMqBroker.Host;
            settings["FedBus:Federation:Link:AmqpPort"] = RabbitMqBroker.Port.ToString(CultureInfo.InvariantCulture);
            settings["FedBus:Federation:Link:HubVirtualHost"] = HubVhost;
            settings["FedBus:Federation:Link:ReconnectDelaySeconds"] = "1";
            var i = 0;
            foreach (var s in new[] { 'a', 'b' })
            {
                settings[$"FedBus:Federation:Link:Sites:{i}:SiteId"] = SiteId(s);
                settings[$"FedBus:Federation:Link:Sites:{i}:VirtualHost"] = SiteVhost(s);
                settings[$"FedBus:Federation:Link:Sites:{i}:LinkPassword"] = "pw-" + _run + s;
                i++;
            }
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults(siteId is null ? "aggregation" : "training");
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
        foreach (var vhost in new[] { HubVhost, SiteVhost('a'), SiteVhost('b') })
            await _management.DeleteAsync($"/api/vhosts/{Uri.EscapeDataString(vhost)}");
        foreach (var s in new[] { 'a', 'b' })
            await _management.DeleteAsync($"/api/users/{Uri.EscapeDataString("fedbus-link-" + SiteId(s))}");
        _management.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private sealed record ShovelParameter(string Name);

    private sealed record BindingInfo(
        string Destination,
        [property: System.Text.Json.Serialization.JsonPropertyName("destination_type")] string DestinationType);
}
