using FedBus.Contracts;
using FedBus.ServiceDefaults.Federation.Bridge;
using FedBus.ServiceDefaults.Tests.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Tests.Federation;

/// <summary>The embedded link: a hub and two sites, each its own host with its own in-memory bus, in one process.</summary>
public sealed class FederationBridgeTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("fedbus-bridge-").FullName;
    private IHost _hub = null!;
    private IHost _siteA = null!;
    private IHost _siteB = null!;
    private FederationBridge _bridge = null!;

    public async Task InitializeAsync()
    {
        _hub = await StartAsync(null);
        _siteA = await StartAsync("site-a");
        _siteB = await StartAsync("site-b");
        _bridge = await FederationBridge.ConnectAsync(_hub.Services, [_siteA.Services, _siteB.Services]);
    }

    [Fact]
    public async Task A_whitelisted_site_message_reaches_the_hub_with_its_MessageId_and_a_non_whitelisted_one_does_not()
    {
        var hubUpdates = await Arrivals<ModelUpdateSubmitted>.OnAsync(Bus(_hub));
        var hubStudies = await Arrivals<StudyReceived>.OnAsync(Bus(_hub));
        var siteStudies = await Arrivals<StudyReceived>.OnAsync(Bus(_siteA));
        var siteBUpdates = await Arrivals<ModelUpdateSubmitted>.OnAsync(Bus(_siteB));
        var study = TestHosts.Study(Guid.NewGuid());
        var update = Update("site-a");

        // The study first: if anything carried it, it would be on its way before the update.
        await Bus(_siteA).Publish(study);
        await siteStudies.WaitForAsync(s => s.MessageId == study.MessageId);
        await Bus(_siteA).Publish(update);
        var arrived = await hubUpdates.WaitForAsync(u => u.MessageId == update.MessageId);

        Assert.Equal(update.MessageId, arrived.MessageId);
        Assert.Empty(hubStudies.Seen);
        Assert.Empty(siteBUpdates.Seen);
    }

    [Fact]
    public async Task A_hub_message_reaches_every_site_once_and_does_not_come_back()
    {
        var atA = await Arrivals<FederationStatisticsPublished>.OnAsync(Bus(_siteA));
        var atB = await Arrivals<FederationStatisticsPublished>.OnAsync(Bus(_siteB));
        var atHub = await Arrivals<FederationStatisticsPublished>.OnAsync(Bus(_hub));
        var hubUpdates = await Arrivals<ModelUpdateSubmitted>.OnAsync(Bus(_hub));
        var statistics = new FederationStatisticsPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, "brain", 2, []);

        await Bus(_hub).Publish(statistics);
        var a = await atA.WaitForAsync(s => s.MessageId == statistics.MessageId);
        var b = await atB.WaitForAsync(s => s.MessageId == statistics.MessageId);
        // A later up-message as the positive signal that the link has moved on: no echo of the statistics came back meanwhile.
        var update = Update("site-b");
        await Bus(_siteB).Publish(update);
        await hubUpdates.WaitForAsync(u => u.MessageId == update.MessageId);

        Assert.Equal((statistics.MessageId, statistics.MessageId), (a.MessageId, b.MessageId));
        Assert.Single(atA.Seen);
        Assert.Single(atB.Seen);
        Assert.Single(atHub.Seen);
    }

    [Fact]
    public async Task An_update_naming_another_site_stays_at_the_site_it_was_published_at()
    {
        var hubUpdates = await Arrivals<ModelUpdateSubmitted>.OnAsync(Bus(_hub));
        var forged = Update("site-b");
        var genuine = Update("site-a");

        await Bus(_siteA).Publish(forged);
        await Bus(_siteA).Publish(genuine);
        await hubUpdates.WaitForAsync(u => u.MessageId == genuine.MessageId);

        Assert.DoesNotContain(hubUpdates.Seen, u => u.Message.MessageId == forged.MessageId);
    }

    private static ModelUpdateSubmitted Update(string siteId) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, siteId, Guid.NewGuid(), "brain", 1, new ModelWeights(new string('0', 64), 0, []), 10, 2, 1, 5, []);

    private static IBus Bus(IHost host) => host.Services.GetRequiredService<IBus>();

    private async Task<IHost> StartAsync(string? siteId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FedBus:SiteId"] = siteId,
            ["FedBus:DataDirectory"] = Path.Combine(_root, siteId ?? "hub"),
            ["FedBus:Bus:Transport"] = "InMemory",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults(siteId is null ? "aggregation" : "training");
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async Task DisposeAsync()
    {
        await _bridge.DisposeAsync();
        foreach (var host in new[] { _siteA, _siteB, _hub })
        {
            await host.StopAsync();
            host.Dispose();
        }
        Directory.Delete(_root, recursive: true);
    }
}
