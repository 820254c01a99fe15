using FedBus.ServiceDefaults.Security;
using FedBus.Testing;
using FedBus.Training.Tests.Support;
using Xunit.Abstractions;

namespace FedBus.Training.Tests;

/// <summary>Every route of training's OpenAPI document: no token 401, another role or site 403, the right one neither.</summary>
public sealed class RouteAuthorizationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-training-routes-").FullName;

    private static readonly Dictionary<string, string> Table = new()
    {
        ["GET /training/models/{modelId}/dataset"] = FedBusPolicies.SiteMember,
        ["GET /training/models"] = FedBusPolicies.SiteMember,
        ["GET /training/jobs"] = FedBusPolicies.SiteMember,
        ["GET /training/jobs/{jobId}"] = FedBusPolicies.SiteMember,
        ["POST /training/models/{modelId}/cases"] = FedBusPolicies.SiteAdmin,
    };

    [Fact]
    public async Task Every_route_refuses_no_token_with_401_and_a_wrong_role_or_site_with_403_and_lets_the_right_one_in()
    {
        await using var host = new TrainingHost(_data);
        using var client = host.CreateClient();
        foreach (var line in await RouteAuthorization.CheckAsync(client, "/openapi/training.json", Table, TrainingHost.SiteId)) output.WriteLine(line);
    }

    [Fact]
    public async Task Every_route_that_takes_a_body_states_its_limit_and_answers_413_to_one_byte_more()
    {
        // The in-process server carries the whole body even when refused: a 1 MiB seed limit keeps this quick.
        await using var host = new TrainingHost(_data, new Dictionary<string, string?> { ["FedBus:Training:MaxSeedRequestBytes"] = "1048576" });
        using var client = host.CreateClient();
        foreach (var line in await RequestLimitCheck.CheckAsync(client, "/openapi/training.json", Table, TrainingHost.SiteId)) output.WriteLine(line);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may hold its file a moment longer.
        }
    }
}
