using FedBus.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Federation.Bridge;

/// <summary>
/// The embedded link: joins the in-memory buses of one hub host and several site hosts in one process, carrying only
/// <see cref="FederationWhitelist"/>. Up-types are taken from each site's bus and published on the hub's (never on
/// another site's); down-types are taken from the hub's bus and published on every site's. The two lists are disjoint,
/// so nothing that crossed is picked up again. The message object is published as it is, so it keeps its MessageId
/// (and each host's inbox makes a repeat a no-op). An up-message naming another site than the one it came from stays
/// where it is. Connect after the hosts have started; dispose (or stop the hosts) to cut the link.
/// </summary>
public sealed class FederationBridge : IAsyncDisposable
{
    /// <summary>The receive endpoint the bridge adds to each bus (its own queue, beside the services' ones).</summary>
    public const string UpEndpoint = "fedbus-link-up";

    public const string DownEndpoint = "fedbus-link-down";

    private readonly List<HostReceiveEndpointHandle> _handles;

    private FederationBridge(List<HostReceiveEndpointHandle> handles) => _handles = handles;

    /// <param name="hub">The hub host's services (its FedBus:SiteId empty).</param>
    /// <param name="sites">Each site host's services; every one with its own FedBus:SiteId.</param>
    public static async Task<FederationBridge> ConnectAsync(IServiceProvider hub, IReadOnlyList<IServiceProvider> sites, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(sites);
        if (FederationWhitelist.SiteToHub.Intersect(FederationWhitelist.HubToSite).Any())
            throw new InvalidOperationException("A message type is whitelisted in both directions: the bridge would loop.");
        if (!string.IsNullOrEmpty(hub.GetRequiredService<FedBusOptions>().SiteId))
            throw new ArgumentException("The hub's host has a FedBus:SiteId; the hub has none.", nameof(hub));
        var siteIds = sites.Select(s => s.GetRequiredService<FedBusOptions>().SiteId).ToList();
        if (siteIds.Any(string.IsNullOrEmpty) || siteIds.Distinct(StringComparer.Ordinal).Count() != siteIds.Count)
            throw new ArgumentException($"Every site host needs its own FedBus:SiteId; got [{string.Join(", ", siteIds)}].", nameof(sites));

        var logger = hub.GetRequiredService<ILoggerFactory>().CreateLogger<FederationBridge>();
        var hubBus = hub.GetRequiredService<IBus>();
        var siteBuses = sites.Select(s => s.GetRequiredService<IBus>()).ToList();
        var handles = new List<HostReceiveEndpointHandle>();
        var bridge = new FederationBridge(handles);
        try
        {
            for (var i = 0; i < sites.Count; i++)
            {
                var siteId = siteIds[i]!;
                handles.Add(siteBuses[i].ConnectReceiveEndpoint(UpEndpoint, e =>
                {
                    foreach (var type in FederationWhitelist.SiteToHub) Forward(type, e, siteId, [hubBus], logger);
                }));
            }
            handles.Add(hubBus.ConnectReceiveEndpoint(DownEndpoint, e =>
            {
                foreach (var type in FederationWhitelist.HubToSite) Forward(type, e, fromSite: null, siteBuses, logger);
            }));
            foreach (var handle in handles) await handle.Ready.WaitAsync(cancellationToken);
        }
        catch
        {
            await bridge.DisposeAsync();
            throw;
        }
        BridgeLog.Connected(logger, sites.Count, FederationWhitelist.SiteToHub.Count, FederationWhitelist.HubToSite.Count);
        return bridge;
    }

    private static void Forward(Type type, IReceiveEndpointConfigurator endpoint, string? fromSite, IReadOnlyList<IBus> to, ILogger logger) =>
        typeof(FederationBridge).GetMethod(nameof(ForwardOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [endpoint, fromSite, to, logger]);

    private static void ForwardOf<T>(IReceiveEndpointConfigurator endpoint, string? fromSite, IReadOnlyList<IBus> to, ILogger logger) where T : class =>
        endpoint.Handler<T>(async context =>
        {
            if (fromSite is not null && (context.Message as ISiteMessage)?.SiteId != fromSite)
            {
                BridgeLog.ForeignSiteHeld(logger, typeof(T).Name, fromSite);
                return;
            }
            // A failure redelivers to all targets; their inboxes drop the copies they already had.
            await Task.WhenAll(to.Select(bus => bus.Publish(context.Message, context.CancellationToken)));
        });

    public async ValueTask DisposeAsync()
    {
        foreach (var handle in _handles) await handle.StopAsync(CancellationToken.None);
        _handles.Clear();
    }
}
