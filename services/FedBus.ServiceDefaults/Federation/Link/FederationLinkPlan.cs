using System.Text.RegularExpressions;

namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>
/// Everything the RabbitMQ link consists of, derived from <see cref="FederationWhitelist"/> and the site list alone:
/// <list type="bullet">
/// <item>per up-type, on every site's virtual host: the type's exchange and a durable queue bound to it, shovelled into
/// the same exchange on the hub's virtual host;</item>
/// <item>per down-type and site, on the hub's virtual host: the type's exchange and a durable queue bound to it,
/// shovelled into the same exchange on that site's virtual host.</item>
/// </list>
/// Nothing else is bound to a link queue, so no other type can cross; up- and down-types are disjoint, so nothing that
/// crossed is picked up again (no loops). Pure: no broker involved.
/// </summary>
public sealed class FederationLinkPlan
{
    /// <summary>Every link queue and shovel starts with this; the configurator removes those of it that are not in the plan.</summary>
    public const string NamePrefix = "fedbus-link.";

    public const string UpQueuePrefix = NamePrefix + "up.";

    public const string DownQueuePrefix = NamePrefix + "down.";

    private FederationLinkPlan(FederationLinkOptions options)
    {
        if (FederationWhitelist.SiteToHub.Intersect(FederationWhitelist.HubToSite).Any())
            throw new InvalidOperationException("A message type is whitelisted in both directions: the link would loop.");

        var hub = options.HubVirtualHost;
        var up = FederationWhitelist.SiteToHub;
        var down = FederationWhitelist.HubToSite;
        var exchanges = new List<LinkExchange>();
        var queues = new List<LinkQueue>();
        var bindings = new List<LinkBinding>();
        var users = new List<LinkUser>();
        var permissions = new List<LinkPermission>();
        var shovels = new List<LinkShovel>();

        // The hub's exchanges: destinations of up-types, sources of down-types.
        exchanges.AddRange(up.Concat(down).Select(t => new LinkExchange(hub, FederationExchanges.NameOf(t))));
        foreach (var site in options.Sites)
        {
            var vhost = site.EffectiveVirtualHost;
            var user = new LinkUser(site.SiteId, options.LinkUserOf(site), site.LinkPassword);
            users.Add(user);
            exchanges.AddRange(up.Concat(down).Select(t => new LinkExchange(vhost, FederationExchanges.NameOf(t))));
            foreach (var type in up)
            {
                var exchange = FederationExchanges.NameOf(type);
                var queue = UpQueuePrefix + type.Name;
                queues.Add(new LinkQueue(vhost, queue));
                bindings.Add(new LinkBinding(vhost, exchange, queue));
                shovels.Add(new LinkShovel(hub, $"{UpQueuePrefix}{site.SiteId}.{type.Name}", LinkDirection.Up, site.SiteId, type,
                    vhost, queue, hub, exchange, user));
            }
            foreach (var type in down)
            {
                var exchange = FederationExchanges.NameOf(type);
                var queue = DownQueueNameOf(site.SiteId, type);
                queues.Add(new LinkQueue(hub, queue));
                bindings.Add(new LinkBinding(hub, exchange, queue));
                shovels.Add(new LinkShovel(hub, queue, LinkDirection.Down, site.SiteId, type, hub, queue, vhost, exchange, user));
            }

            // Least privilege: no configure at all (the queues exist before the shovels start, and a shovel only checks its
            // source queue passively); read only its own link queues; write only the exchanges of the types it carries.
            permissions.Add(new LinkPermission(user.Name, vhost, "^$", AnyOf(down.Select(FederationExchanges.NameOf)), $"^{Regex.Escape(UpQueuePrefix)}.*$"));
            permissions.Add(new LinkPermission(user.Name, hub, "^$", AnyOf(up.Select(FederationExchanges.NameOf)),
                $"^{Regex.Escape(DownQueuePrefix + site.SiteId + ".")}.*$"));
        }

        Exchanges = exchanges;
        Queues = queues;
        Bindings = bindings;
        Users = users;
        Permissions = permissions;
        Shovels = shovels;
        VirtualHosts = [hub, .. options.Sites.Select(s => s.EffectiveVirtualHost)];
    }

    public static FederationLinkPlan Build(FederationLinkOptions options)
    {
        options.ValidateForConfiguration();
        return new FederationLinkPlan(options);
    }

    public static string DownQueueNameOf(string siteId, Type messageType) => $"{DownQueuePrefix}{siteId}.{messageType.Name}";

    /// <summary>The hub's first, then every site's.</summary>
    public IReadOnlyList<string> VirtualHosts { get; }

    public IReadOnlyList<LinkExchange> Exchanges { get; }

    public IReadOnlyList<LinkQueue> Queues { get; }

    public IReadOnlyList<LinkBinding> Bindings { get; }

    public IReadOnlyList<LinkUser> Users { get; }

    public IReadOnlyList<LinkPermission> Permissions { get; }

    public IReadOnlyList<LinkShovel> Shovels { get; }

    private static string AnyOf(IEnumerable<string> names) => $"^({string.Join('|', names.Select(Regex.Escape))})$";
}
