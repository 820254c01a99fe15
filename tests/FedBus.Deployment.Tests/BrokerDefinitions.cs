using System.Text.Json.Nodes;
using FedBus.Testing;

namespace FedBus.Deployment.Tests;

/// <summary>
/// deploy/rabbitmq/definitions.json: the users, virtual hosts and permissions the broker loads at boot, and the site↔hub
/// link (exchanges, queues, bindings, shovel parameters).
/// </summary>
internal sealed class BrokerDefinitions
{
    private readonly JsonObject _json;

    private BrokerDefinitions(JsonObject json)
    {
        _json = json;
        Users = Array(json, "users").Select(u => new BrokerUser(
            (string)u["name"]!,
            u["tags"] switch
            {
                JsonArray list => list.Select(t => (string)t!).ToList(),
                JsonValue text => ((string)text!).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                _ => [],
            })).ToList();
        VirtualHosts = Array(json, "vhosts").Select(v => (string)v["name"]!).ToList();
        Permissions = Array(json, "permissions").Select(p => new BrokerPermission(
            (string)p["user"]!, (string)p["vhost"]!, (string)p["configure"]!, (string)p["write"]!, (string)p["read"]!)).ToList();
    }

    public static string Path => System.IO.Path.Combine(RepositoryPaths.Root, "deploy", "rabbitmq", "definitions.json");

    public IReadOnlyList<BrokerUser> Users { get; }

    public IReadOnlyList<string> VirtualHosts { get; }

    public IReadOnlyList<BrokerPermission> Permissions { get; }

    /// <summary>The document itself, for comparisons section by section.</summary>
    public JsonObject Json => (JsonObject)_json.DeepClone();

    public static BrokerDefinitions Load() => new((JsonObject)JsonNode.Parse(File.ReadAllText(Path))!);

    /// <summary>
    /// The same definitions with every user and virtual host renamed to start with <paramref name="prefix"/>, for
    /// importing into a shared broker without touching anyone else's, the link's shovels pointing at the renamed ones.
    /// Password hashes and permissions are unchanged.
    /// </summary>
    public JsonObject Scoped(string prefix)
    {
        var copy = (JsonObject)_json.DeepClone();
        copy.Remove("rabbit_version");
        foreach (var user in Array(copy, "users")) user["name"] = prefix + (string)user["name"]!;
        foreach (var vhost in Array(copy, "vhosts")) vhost["name"] = prefix + (string)vhost["name"]!;
        foreach (var permission in Array(copy, "permissions"))
        {
            permission["user"] = prefix + (string)permission["user"]!;
            permission["vhost"] = prefix + (string)permission["vhost"]!;
        }
        foreach (var section in new[] { "exchanges", "queues", "bindings", "parameters" })
        {
            foreach (var item in Array(copy, section)) item["vhost"] = prefix + (string)item["vhost"]!;
        }
        foreach (var shovel in Array(copy, "parameters").Select(p => (JsonObject)p["value"]!))
        {
            foreach (var end in new[] { "src-uri", "dest-uri" }) shovel[end] = ScopedUri((string)shovel[end]!, prefix);
        }
        return copy;
    }

    // amqp://user:password@host:port/vhost → the renamed user and virtual host.
    private static string ScopedUri(string uri, string prefix)
    {
        var parsed = new Uri(uri);
        var user = parsed.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        return $"{parsed.Scheme}://{Uri.EscapeDataString(prefix + Uri.UnescapeDataString(user[0]))}:{user[1]}@{parsed.Host}:{parsed.Port}/{Uri.EscapeDataString(prefix + vhost)}";
    }

    internal static IEnumerable<JsonObject> Array(JsonObject json, string name) =>
        (json[name] as JsonArray ?? []).Select(n => (JsonObject)n!);
}
