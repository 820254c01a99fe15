using FedBus.Inference.Tests.Support;
using FedBus.ServiceDefaults.Security;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.Inference.Tests;

/// <summary>Every route of inference's OpenAPI document: no token 401, another site or the hub 403, a member of the site neither.</summary>
public sealed class RouteAuthorizationTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Table = new()
    {
        ["GET /inference/models"] = FedBusPolicies.SiteMember,
        ["GET /inference/predictions/{predictionId}"] = FedBusPolicies.SiteMember,
        ["GET /inference/predictions/{predictionId}/label"] = FedBusPolicies.SiteMember,
        ["GET /inference/studies/{study}/predictions"] = FedBusPolicies.SiteMember,
        ["GET /inference/studies/{study}/skipped"] = FedBusPolicies.SiteMember,
        ["GET /inference/batching"] = FedBusPolicies.SiteMember,
    };

    [Fact]
    public async Task Every_route_refuses_no_token_with_401_and_a_wrong_site_or_the_hub_with_403_and_lets_the_site_in()
    {
        await using var host = new InferenceHost();
        using var client = host.CreateClient();
        foreach (var line in await RouteAuthorization.CheckAsync(client, "/openapi/inference.json", Table, "site-test")) output.WriteLine(line);
    }
}
