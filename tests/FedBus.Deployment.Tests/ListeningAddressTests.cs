using System.Text.Json.Nodes;
using FedBus.Testing;

namespace FedBus.Deployment.Tests;

/// <summary>
/// Where services listen is ASP.NET Core's own precedence: --urls, then URLS / ASPNETCORE_URLS, then Kestrel's default.
/// An app setting "Urls" would outrank ASPNETCORE_URLS (the image's), so none may carry it; `dotnet run` gets each
/// service's local port from launchSettings.json.
/// </summary>
public sealed class ListeningAddressTests
{
    private static readonly string[] Pinning = ["Urls", "Kestrel", "Http_Ports", "Https_Ports"];
    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void No_app_settings_file_pins_the_listening_address()
    {
        foreach (var service in _compose.Built)
        {
            var folder = Path.GetDirectoryName(Path.Combine(RepositoryPaths.Root, service.Project!))!;
            var files = Directory.GetFiles(folder, "appsettings*.json");
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var settings = (JsonObject)JsonNode.Parse(File.ReadAllText(file))!;
                var pinned = settings.Select(s => s.Key).Where(k => Pinning.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
                Assert.True(pinned.Count == 0, $"{Path.GetRelativePath(RepositoryPaths.Root, file)} sets {string.Join(", ", pinned)}, which outranks ASPNETCORE_URLS");
            }
        }
    }

    [Fact]
    public void Dotnet_run_gives_each_service_its_own_local_port_and_the_gateway_points_at_each_of_them()
    {
        var urls = _compose.Built.ToDictionary(s => s.Name, LaunchUrl);
        Assert.Equal(urls.Count, urls.Values.Select(u => u.Port).Distinct().Count());
        Assert.All(urls.Values, u => Assert.True(u.IsLoopback, $"{u} is not a loopback address"));

        var clusters = (JsonObject)GatewayRoutes.Proxy["Clusters"]!;
        foreach (var (name, url) in urls.Where(u => u.Key != "gateway"))
        {
            var address = (string)clusters[name]!["Destinations"]!["d1"]!["Address"]!;
            Assert.Equal(url, new Uri(address));
        }
    }

    private static Uri LaunchUrl(ComposeService service)
    {
        var path = Path.Combine(RepositoryPaths.Root, Path.GetDirectoryName(service.Project!)!, "Properties", "launchSettings.json");
        var profiles = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!["profiles"]!;
        var profile = Assert.Single(profiles).Value!;
        return new Uri((string)profile["applicationUrl"]!);
    }
}
