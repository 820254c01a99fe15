using System.Text.Json.Nodes;
using FedBus.Testing;

namespace FedBus.Deployment.Tests;

/// <summary>The gateway's routes from its appsettings.json: path prefix → cluster (a compose service name).</summary>
internal static class GatewayRoutes
{
    public static string SettingsPath => Path.Combine(RepositoryPaths.Root, "gateway", "FedBus.Gateway", "appsettings.json");

    public static JsonObject Proxy => (JsonObject)JsonNode.Parse(File.ReadAllText(SettingsPath))!["ReverseProxy"]!;

    public static IReadOnlyList<(string Prefix, string Cluster)> Load() =>
        ((JsonObject)Proxy["Routes"]!).Select(r => (
            Prefix: ((string)r.Value!["Match"]!["Path"]!).Replace("/{**rest}", "", StringComparison.Ordinal),
            Cluster: (string)r.Value!["ClusterId"]!)).ToList();
}
