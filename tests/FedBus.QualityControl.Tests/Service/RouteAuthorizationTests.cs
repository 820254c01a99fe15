using FedBus.ServiceDefaults.Security;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.QualityControl.Tests.Service;

/// <summary>Every route of QC's OpenAPI document: no token 401, another role or site 403, the right one neither.</summary>
public sealed class RouteAuthorizationTests(QcHost host, ITestOutputHelper output) : IClassFixture<QcHost>
{
    private static readonly Dictionary<string, string> Table = new()
    {
        ["GET /qc/tasks/{taskId}"] = FedBusPolicies.SiteMember,
        ["GET /qc/cases/{caseId}"] = FedBusPolicies.SiteMember,
        ["POST /qc/cases/{caseId}/withdraw"] = FedBusPolicies.SiteAdmin,
        ["GET /qc/agreement"] = FedBusPolicies.SiteMember,
        ["GET /qc/drift"] = FedBusPolicies.SiteMember,
        ["GET /qc/rejections"] = FedBusPolicies.SiteMember,
    };

    [Fact]
    public async Task Every_route_refuses_no_token_with_401_and_a_wrong_role_or_site_with_403_and_lets_the_right_one_in()
    {
        using var client = host.CreateClient();
        foreach (var line in await RouteAuthorization.CheckAsync(client, "/openapi/qc.json", Table, QcHost.SiteId)) output.WriteLine(line);
    }

    [Fact]
    public async Task Every_route_that_takes_a_body_states_its_limit_and_answers_413_to_one_byte_more()
    {
        using var client = host.CreateClient();
        foreach (var line in await RequestLimitCheck.CheckAsync(client, "/openapi/qc.json", Table, QcHost.SiteId)) output.WriteLine(line);
    }
}
