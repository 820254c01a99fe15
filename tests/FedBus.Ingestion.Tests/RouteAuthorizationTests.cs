using FedBus.ServiceDefaults.Security;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.Ingestion.Tests;

/// <summary>
/// Every DICOMweb route of ingestion's OpenAPI document: no token 401; another site or the hub 403; STOW-RS only for the
/// site's PACS/services (a radiologist 403), QIDO/WADO for any role of the site.
/// </summary>
public sealed class RouteAuthorizationTests(IngestionHost host, ITestOutputHelper output) : IClassFixture<IngestionHost>
{
    private static readonly Dictionary<string, string> Table = new()
    {
        ["POST /dicomweb/studies"] = FedBusPolicies.SiteService,
        ["POST /dicomweb/studies/{study}"] = FedBusPolicies.SiteService,
        ["GET /dicomweb/studies"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/series"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/instances"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/series"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/instances"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/series/{series}/instances"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/series/{series}"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/series/{series}/instances/{instance}"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/metadata"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/series/{series}/metadata"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/series/{series}/instances/{instance}/metadata"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/series/{series}/instances/{instance}/frames/{frames}"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/series/{series}/instances/{instance}/rendered"] = FedBusPolicies.SiteMember,
        ["GET /dicomweb/studies/{study}/series/{series}/instances/{instance}/frames/{frame}/rendered"] = FedBusPolicies.SiteMember,
    };

    [Fact]
    public async Task Every_route_refuses_no_token_with_401_and_a_wrong_role_or_site_with_403_and_lets_the_right_one_in()
    {
        using var client = host.Http();
        foreach (var line in await RouteAuthorization.CheckAsync(client, "/openapi/dicomweb.json", Table, "site-test")) output.WriteLine(line);
    }

    [Fact]
    public async Task Every_route_that_takes_a_body_states_its_limit_and_answers_413_to_one_byte_more()
    {
        using var client = host.Http();
        foreach (var line in await RequestLimitCheck.CheckAsync(client, "/openapi/dicomweb.json", Table, "site-test")) output.WriteLine(line);
    }
}
