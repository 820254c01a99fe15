using System.Text.Json.Nodes;

namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>
/// The same link as a RabbitMQ definitions document, for a deployment that loads definitions at boot instead of letting
/// the hub call the management API: virtual hosts, link users (salted hashes, never the password), permissions, the
/// types' exchanges, link queues, bindings and shovel parameters. Loading it and then running
/// <see cref="FederationLinkConfigurator"/> changes nothing.
/// </summary>
public static class FederationLinkDefinitions
{
    public static JsonObject Create(FederationLinkOptions options)
    {
        var plan = FederationLinkPlan.Build(options);
        return new JsonObject
        {
            ["vhosts"] = Array(plan.VirtualHosts.Select(v => new JsonObject { ["name"] = v })),
            ["users"] = Array(plan.Users.Select(u => new JsonObject
            {
                ["name"] = u.Name,
                ["password_hash"] = RabbitMqPasswordHash.Create(u.Password),
                ["hashing_algorithm"] = RabbitMqPasswordHash.Algorithm,
                ["tags"] = "",
            })),
            ["permissions"] = Array(plan.Permissions.Select(p => new JsonObject
            {
                ["user"] = p.User, ["vhost"] = p.VirtualHost, ["configure"] = p.Configure, ["write"] = p.Write, ["read"] = p.Read,
            })),
            ["exchanges"] = Array(plan.Exchanges.Select(x => new JsonObject
            {
                ["name"] = x.Name, ["vhost"] = x.VirtualHost, ["type"] = "fanout", ["durable"] = true, ["auto_delete"] = false,
                ["internal"] = false, ["arguments"] = new JsonObject(),
            })),
            ["queues"] = Array(plan.Queues.Select(q => new JsonObject
            {
                ["name"] = q.Name, ["vhost"] = q.VirtualHost, ["durable"] = true, ["auto_delete"] = false, ["arguments"] = new JsonObject(),
            })),
            ["bindings"] = Array(plan.Bindings.Select(b => new JsonObject
            {
                ["source"] = b.Exchange, ["vhost"] = b.VirtualHost, ["destination"] = b.Queue, ["destination_type"] = "queue",
                ["routing_key"] = "", ["arguments"] = new JsonObject(),
            })),
            ["parameters"] = Array(plan.Shovels.Select(s => new JsonObject
            {
                ["component"] = "shovel", ["vhost"] = s.VirtualHost, ["name"] = s.Name, ["value"] = s.Definition(options),
            })),
        };
    }

    private static JsonArray Array(IEnumerable<JsonObject> items) => [.. items];
}
