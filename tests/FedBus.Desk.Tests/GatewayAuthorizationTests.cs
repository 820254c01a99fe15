using System.Net;
using FedBus.Desk.Tests.Support;
using FedBus.ServiceDefaults.Security;
using FedBus.Testing;

namespace FedBus.Desk.Tests;

/// <summary>
/// The gateway is protected as the services are: the desk's files and /health load without a token (the desk must load
/// to sign in), every forwarded prefix needs one (401 at the gateway), and the token it forwards is the services' to
/// judge (another site's: 403 from the service, through the gateway). Every response carries the security headers.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class GatewayAuthorizationTests(SharedDeskSite shared)
{
    [Theory]
    [InlineData("/desk/")]
    [InlineData("/desk/desk.js")]
    [InlineData("/health")]
    public async Task The_desk_and_health_load_without_a_token_with_the_security_headers(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(shared.Site.GatewayUrl) };
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/annotations/tasks")]
    [InlineData("/dicomweb/studies")]
    [InlineData("/qc/agreement")]
    public async Task Every_forwarded_prefix_needs_a_token_and_forwards_it_for_the_service_to_judge(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(shared.Site.GatewayUrl) };
        using (var none = await http.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            AssertSecurityHeaders(none);
        }
        using (var forged = await SendAsync(http, path, TestTokens.Issue("dr-desk", DeskSite.SiteId, FedBusRoles.Radiologist) + "x"))
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        // Valid at the gateway, refused by the service behind it: the header was forwarded and the site is the service's check.
        using (var otherSite = await SendAsync(http, path, TestTokens.Issue("dr-desk", RouteAuthorization.OtherSite, FedBusRoles.Radiologist, FedBusRoles.SiteAdmin)))
            Assert.Equal(HttpStatusCode.Forbidden, otherSite.StatusCode);
        using (var hub = await SendAsync(http, path, TestTokens.Issue("ml-engineer", null, FedBusRoles.HubAdmin)))
            Assert.Equal(HttpStatusCode.Forbidden, hub.StatusCode);
        using var right = await SendAsync(http, path, TestTokens.Issue("dr-desk", DeskSite.SiteId, FedBusRoles.Radiologist));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        AssertSecurityHeaders(right);
    }

    /// <summary>
    /// Every call the federation dashboard makes, through the gateway: no token 401 at the gateway; a radiologist's or a
    /// site-admin's token (of the desk's own site) 403 from the hub behind it; the hub-admin's token neither.
    /// </summary>
    [Theory]
    [InlineData("GET", "/aggregation/models")]
    [InlineData("GET", "/aggregation/models/no-such-model/versions")]
    [InlineData("GET", "/aggregation/rounds?modelId=no-such-model")]
    [InlineData("GET", "/aggregation/sites")]
    [InlineData("GET", "/aggregation/models/no-such-model/statistics")]
    [InlineData("GET", "/aggregation/models/no-such-model/versions/1/weights")]
    [InlineData("POST", "/aggregation/rounds")]
    [InlineData("POST", "/aggregation/models/no-such-model/rollback")]
    public async Task The_dashboards_hub_calls_refuse_a_site_token_through_the_gateway(string method, string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(shared.Site.GatewayUrl) };
        // A body the hub would act on, so a refusal is the token's doing and not the body's.
        var body = method != "POST" ? null : path.EndsWith("/rounds", StringComparison.Ordinal) ? "{\"modelId\":\"no-such-model\"}" : "{\"toVersion\":1,\"reason\":\"test\"}";
        using (var none = await SendAsync(http, path, null, method, body))
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using (var radiologist = await SendAsync(http, path, TestTokens.Issue(DeskSite.Reader, DeskSite.SiteId, FedBusRoles.Radiologist), method, body))
            Assert.Equal(HttpStatusCode.Forbidden, radiologist.StatusCode);
        using (var siteAdmin = await SendAsync(http, path, TestTokens.Issue("site-boss", DeskSite.SiteId, FedBusRoles.SiteAdmin), method, body))
            Assert.Equal(HttpStatusCode.Forbidden, siteAdmin.StatusCode);
        // The hub-admin passes both checks; the model does not exist, so the hub answers 200 (a list) or 404 (with its reason).
        using var hubAdmin = await SendAsync(http, path, TestTokens.Issue(DeskSite.HubAdmin, null, FedBusRoles.HubAdmin), method, body);
        Assert.Contains(hubAdmin.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound });
        AssertSecurityHeaders(hubAdmin);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string? token, string method = "GET", string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await http.SendAsync(request);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Server"), "The response names its server.");
    }
}
