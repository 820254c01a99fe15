using System.Text.Json.Nodes;

namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>
/// One dynamic shovel: drains <see cref="SourceQueue"/> in <see cref="SourceVirtualHost"/> into
/// <see cref="DestinationExchange"/> in <see cref="DestinationVirtualHost"/>, logged in as the site's link user on both
/// ends. Defined in the hub's virtual host, so the hub's list of shovels is the whole link.
/// </summary>
public sealed record LinkShovel(
    string VirtualHost,
    string Name,
    LinkDirection Direction,
    string SiteId,
    Type MessageType,
    string SourceVirtualHost,
    string SourceQueue,
    string DestinationVirtualHost,
    string DestinationExchange,
    LinkUser User)
{
    /// <summary>The shovel parameter's value for the management API (RabbitMQ 3.10+ keys).</summary>
    public JsonObject Definition(FederationLinkOptions options) => new()
    {
        ["src-protocol"] = "amqp091",
        ["src-uri"] = AmqpUri(options, SourceVirtualHost),
        ["src-queue"] = SourceQueue,
        ["src-prefetch-count"] = options.PrefetchCount,
        ["src-delete-after"] = "never",
        ["dest-protocol"] = "amqp091",
        ["dest-uri"] = AmqpUri(options, DestinationVirtualHost),
        ["dest-exchange"] = DestinationExchange,
        ["dest-add-forward-headers"] = false,
        // Acknowledged at the source only once the destination confirmed: a broken link loses nothing (at least once).
        ["ack-mode"] = "on-confirm",
        ["reconnect-delay"] = options.ReconnectDelaySeconds,
    };

    private string AmqpUri(FederationLinkOptions options, string virtualHost) =>
        $"amqp://{Uri.EscapeDataString(User.Name)}:{Uri.EscapeDataString(User.Password)}@{options.AmqpHost}:{options.AmqpPort}/{Uri.EscapeDataString(virtualHost)}";
}
