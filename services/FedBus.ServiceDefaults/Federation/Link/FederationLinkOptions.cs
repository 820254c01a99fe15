using System.Text.RegularExpressions;

namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>
/// Configuration section "FedBus:Federation:Link": the shovels that carry the whitelist between the sites' virtual hosts
/// and the hub's on one RabbitMQ (with the shovel plugin), set up through its management API.
/// </summary>
public sealed partial class FederationLinkOptions
{
    public const string Section = FederationOptions.Section + ":Link";

    /// <summary>The hub sets the link up (idempotently) when it starts.</summary>
    public bool ConfigureAtStartup { get; set; }

    public Uri ManagementUrl { get; set; } = new("http://localhost:15672");

    /// <summary>An administrator of the broker: the link creates users, permissions, queues and shovel parameters.</summary>
    public string ManagementUsername { get; set; } = "guest";

    public string ManagementPassword { get; set; } = "guest";

    /// <summary>How the broker reaches itself over AMQP (the shovels' URIs are resolved on the broker's node).</summary>
    public string AmqpHost { get; set; } = "localhost";

    public ushort AmqpPort { get; set; } = 5672;

    public string HubVirtualHost { get; set; } = "hub";

    public List<FederationLinkSite> Sites { get; set; } = [];

    /// <summary>The link user of site S is this prefix + S.</summary>
    public string LinkUserPrefix { get; set; } = "fedbus-link-";

    /// <summary>Seconds a shovel waits before reconnecting after its connection dropped.</summary>
    public int ReconnectDelaySeconds { get; set; } = 5;

    /// <summary>Messages a shovel has in flight (unconfirmed) at a time.</summary>
    public int PrefetchCount { get; set; } = 100;

    /// <summary>Create missing virtual hosts (the embedded/dev `up`); off, a missing one is an error naming it.</summary>
    public bool CreateVirtualHosts { get; set; }

    /// <summary>At start-up, how long to keep trying while the management API does not answer.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public string LinkUserOf(FederationLinkSite site) => LinkUserPrefix + site.SiteId;

    /// <summary>Only checked when the link is configured: a process that does not configure it needs none of this.</summary>
    public void Validate()
    {
        if (!ConfigureAtStartup) return;
        ValidateForConfiguration();
    }

    public void ValidateForConfiguration()
    {
        if (!ManagementUrl.IsAbsoluteUri)
            throw new InvalidOperationException($"{Section}:{nameof(ManagementUrl)} '{ManagementUrl}' must be an absolute URL.");
        if (string.IsNullOrEmpty(HubVirtualHost))
            throw new InvalidOperationException($"{Section}:{nameof(HubVirtualHost)} must be set.");
        if (Sites.Count == 0)
            throw new InvalidOperationException($"{Section}:{nameof(Sites)} is empty: the link needs at least one site.");
        if (ReconnectDelaySeconds < 1)
            throw new InvalidOperationException($"{Section}:{nameof(ReconnectDelaySeconds)} is {ReconnectDelaySeconds}; it must be at least 1.");
        if (PrefetchCount < 1)
            throw new InvalidOperationException($"{Section}:{nameof(PrefetchCount)} is {PrefetchCount}; it must be at least 1.");
        if (!SafeName().IsMatch(LinkUserPrefix))
            throw new InvalidOperationException($"{Section}:{nameof(LinkUserPrefix)} '{LinkUserPrefix}' may hold only letters, digits, '-', '_' and '.'.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var vhosts = new HashSet<string>(StringComparer.Ordinal) { HubVirtualHost };
        for (var i = 0; i < Sites.Count; i++)
        {
            var site = Sites[i];
            var key = $"{Section}:{nameof(Sites)}:{i}";
            // Site ids become parts of queue, shovel and user names.
            if (!SafeName().IsMatch(site.SiteId) || site.SiteId.Length == 0)
                throw new InvalidOperationException($"{key}:{nameof(FederationLinkSite.SiteId)} '{site.SiteId}' must be non-empty letters, digits, '-', '_' or '.'.");
            if (!seen.Add(site.SiteId))
                throw new InvalidOperationException($"{key}: site '{site.SiteId}' is listed twice.");
            if (!vhosts.Add(site.EffectiveVirtualHost))
                throw new InvalidOperationException(
                    $"{key}: virtual host '{site.EffectiveVirtualHost}' of site '{site.SiteId}' is already the hub's or another site's: every scope needs its own.");
            if (string.IsNullOrEmpty(site.LinkPassword))
                throw new InvalidOperationException($"{key}:{nameof(FederationLinkSite.LinkPassword)} is not set: the site's shovels log in as {LinkUserOf(site)} with it.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]*$")]
    private static partial Regex SafeName();
}
