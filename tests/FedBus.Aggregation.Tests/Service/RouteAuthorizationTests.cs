using FedBus.Aggregation.Tests.Service.Support;
using FedBus.ServiceDefaults.Security;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.Aggregation.Tests.Service;

/// <summary>
/// Every route of the hub's OpenAPI document: no token 401; a site's people (any site) 403 everywhere; a site's service
/// may read models and upload weights but not run rounds or roll back (403); the hub-admin may not upload as a site.
/// </summary>
public sealed class RouteAuthorizationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    private static readonly Dictionary<string, string> Table = new()
    {
        ["GET /aggregation/models"] = FedBusPolicies.HubReader,
        ["GET /aggregation/models/{modelId}"] = FedBusPolicies.HubReader,
        ["POST /aggregation/models/{modelId}/import"] = FedBusPolicies.HubAdmin,
        ["GET /aggregation/models/{modelId}/versions"] = FedBusPolicies.HubReader,
        ["GET /aggregation/models/{modelId}/versions/{version}"] = FedBusPolicies.HubReader,
        ["GET /aggregation/models/{modelId}/versions/{version}/weights"] = FedBusPolicies.HubReader,
        ["GET /aggregation/models/{modelId}/compare"] = FedBusPolicies.HubReader,
        ["POST /aggregation/models/{modelId}/rollback"] = FedBusPolicies.HubAdmin,
        ["GET /aggregation/models/{modelId}/statistics"] = FedBusPolicies.HubReader,
        ["POST /aggregation/rounds"] = FedBusPolicies.HubAdmin,
        ["GET /aggregation/rounds"] = FedBusPolicies.HubReader,
        ["GET /aggregation/rounds/{roundId}"] = FedBusPolicies.HubReader,
        ["POST /aggregation/rounds/{roundId}/abort"] = FedBusPolicies.HubAdmin,
        ["GET /aggregation/refused-starts"] = FedBusPolicies.HubStaff,
        ["GET /aggregation/stray-updates"] = FedBusPolicies.HubStaff,
        ["GET /aggregation/sites"] = FedBusPolicies.HubStaff,
        ["PUT /aggregation/weights/{sha256}"] = FedBusPolicies.SiteUploader,
        ["GET /aggregation/weights/{sha256}"] = FedBusPolicies.HubReader,
    };

    [Fact]
    public async Task Every_route_refuses_no_token_with_401_and_a_wrong_role_with_403_and_lets_the_right_one_in()
    {
        await using var host = new AggregationHost(_folder.Path);
        using var client = host.CreateClient();
        foreach (var line in await RouteAuthorization.CheckAsync(client, "/aggregation/openapi/aggregation.json", Table, site: null)) output.WriteLine(line);
    }

    [Fact]
    public async Task Every_route_that_takes_a_body_states_its_limit_and_answers_413_to_one_byte_more()
    {
        // The in-process server carries the whole body even when refused: a 1 MiB weight limit keeps this quick.
        await using var host = new AggregationHost(_folder.Path, new Dictionary<string, string> { ["FedBus:Aggregation:MaxWeightBytes"] = "1048576" });
        using var client = host.CreateClient();
        foreach (var line in await RequestLimitCheck.CheckAsync(client, "/aggregation/openapi/aggregation.json", Table, site: null)) output.WriteLine(line);
    }

    public void Dispose() => _folder.Dispose();
}
