using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FedBus.ServiceDefaults.Security;

namespace FedBus.Testing;

/// <summary>
/// Route-by-route checks of a service's authorization from its OpenAPI document: every route it lists must be in the
/// test's table (so a new route cannot slip through untested), and each is called without a token (401), with the
/// tokens its policy must refuse (403: wrong role, wrong site, the hub) and with the one it must accept (neither).
/// </summary>
public static class RouteAuthorization
{
    public const string OtherSite = "site-elsewhere";

    /// <summary>"GET /path/{param}" for every operation of the document.</summary>
    public static async Task<IReadOnlyList<string>> RoutesAsync(HttpClient client, string documentUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, documentUrl);
        request.Headers.Authorization = TestTokens.Bearer("openapi-reader", null, FedBusRoles.HubAdmin);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Check(response.IsSuccessStatusCode, $"{documentUrl}: {(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);
        var routes = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
                if (operation.Name is "get" or "post" or "put" or "delete" or "patch")
                    routes.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
        return routes;
    }

    /// <summary>
    /// Checks every route of <paramref name="table"/> (route → policy name) against the document's routes and the
    /// service's answers; returns one line per call for the test's output. <paramref name="site"/>: the process's site.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(HttpClient client, string documentUrl, IReadOnlyDictionary<string, string> table, string? site)
    {
        // The client's own token would stand in for "no token".
        client.DefaultRequestHeaders.Authorization = null;
        var routes = await RoutesAsync(client, documentUrl);
        Check(routes.Count > 0, $"{documentUrl} lists no route.");
        var untested = routes.Except(table.Keys).Order(StringComparer.Ordinal).ToList();
        var gone = table.Keys.Except(routes).Order(StringComparer.Ordinal).ToList();
        Check(untested.Count == 0 && gone.Count == 0,
            $"The test's table and {documentUrl} differ. Routes without an expectation: {string.Join(", ", untested)}; expectations without a route: {string.Join(", ", gone)}.");
        var lines = new List<string>();
        var failures = new List<string>();
        foreach (var (route, policy) in table)
        {
            var (right, wrong) = Tokens(policy, site);
            var anonymous = await SendAsync(client, route, null);
            Expect(anonymous == HttpStatusCode.Unauthorized, $"{route} without a token: {(int)anonymous}, expected 401");
            foreach (var (who, token) in wrong)
            {
                var status = await SendAsync(client, route, token);
                Expect(status == HttpStatusCode.Forbidden, $"{route} as {who}: {(int)status}, expected 403");
            }
            var allowed = await SendAsync(client, route, right.Token);
            Expect(allowed is not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden, $"{route} as {right.Who}: {(int)allowed}, expected neither 401 nor 403");
            lines.Add($"{route,-70} {policy,-26} none→{(int)anonymous} {string.Join(' ', wrong.Select(w => w.Who + "→403"))} {right.Who}→{(int)allowed}");
        }
        Check(failures.Count == 0, string.Join('\n', failures));
        return lines;

        void Expect(bool condition, string failure)
        {
            if (!condition) failures.Add(failure);
        }
    }

    /// <summary>The token the policy must accept and those it must refuse, at a process of <paramref name="site"/>.</summary>
    public static ((string Who, AuthenticationHeaderValue Token) Right, IReadOnlyList<(string Who, AuthenticationHeaderValue Token)> Wrong) Tokens(string policy, string? site)
    {
        (string, AuthenticationHeaderValue) T(string role, string? s) => ($"{role}@{s ?? "hub"}", TestTokens.Bearer("route-check", s, role));
        var anySite = site ?? "site-a";
        return policy switch
        {
            FedBusPolicies.SiteMember => (T(FedBusRoles.Radiologist, site), [T(FedBusRoles.Radiologist, OtherSite), T(FedBusRoles.Service, OtherSite), T(FedBusRoles.HubAdmin, null), T(FedBusRoles.HubViewer, null)]),
            FedBusPolicies.SiteRadiologist => (T(FedBusRoles.Radiologist, site), [T(FedBusRoles.Service, site), T(FedBusRoles.Radiologist, OtherSite), T(FedBusRoles.HubAdmin, null), T(FedBusRoles.HubViewer, null)]),
            FedBusPolicies.SiteStaff => (T(FedBusRoles.SiteAdmin, site), [T(FedBusRoles.Service, site), T(FedBusRoles.SiteAdmin, OtherSite), T(FedBusRoles.HubAdmin, null), T(FedBusRoles.HubViewer, null)]),
            FedBusPolicies.SiteAdmin => (T(FedBusRoles.SiteAdmin, site), [T(FedBusRoles.Radiologist, site), T(FedBusRoles.SiteAdmin, OtherSite), T(FedBusRoles.HubAdmin, null), T(FedBusRoles.HubViewer, null)]),
            FedBusPolicies.SiteService => (T(FedBusRoles.Service, site), [T(FedBusRoles.Radiologist, site), T(FedBusRoles.Service, OtherSite), T(FedBusRoles.HubAdmin, null), T(FedBusRoles.HubViewer, null)]),
            FedBusPolicies.HubAdmin => (T(FedBusRoles.HubAdmin, null), [T(FedBusRoles.HubViewer, null), T(FedBusRoles.Service, anySite), T(FedBusRoles.SiteAdmin, anySite)]),
            FedBusPolicies.HubReader => (T(FedBusRoles.HubViewer, null), [T(FedBusRoles.Radiologist, anySite), T(FedBusRoles.SiteAdmin, anySite), T(FedBusRoles.Service, null)]),
            FedBusPolicies.HubStaff => (T(FedBusRoles.HubViewer, null), [T(FedBusRoles.Service, anySite), T(FedBusRoles.SiteAdmin, anySite), T(FedBusRoles.Radiologist, anySite)]),
            FedBusPolicies.SiteUploader => (T(FedBusRoles.Service, anySite), [T(FedBusRoles.HubAdmin, null), T(FedBusRoles.HubViewer, null), T(FedBusRoles.Radiologist, anySite), T(FedBusRoles.Service, null)]),
            _ => throw new ArgumentException($"No tokens known for policy '{policy}'.", nameof(policy)),
        };
    }

    /// <summary>FedBus.Testing has no assertion library: a failed check is an exception with its reason.</summary>
    private static void Check(bool condition, string reason)
    {
        if (!condition) throw new InvalidOperationException(reason);
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string route, AuthenticationHeaderValue? token)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(route[..space]), Concrete(route[(space + 1)..]));
        // A client's default token is not sent: the token (or none) is the one under test.
        request.Headers.Authorization = token;
        if (request.Method != HttpMethod.Get) request.Content = new ByteArrayContent([]);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    /// <summary>A path with sample values: ids a GUID, versions and frames 1, the rest a name.</summary>
    public static string Concrete(string template) => System.Text.RegularExpressions.Regex.Replace(template, "{([^}:]+)[^}]*}", m =>
        m.Groups[1].Value switch
        {
            var n when n.EndsWith("Id", StringComparison.Ordinal) && n != "modelId" && n != "jobId" => "00000000-0000-0000-0000-000000000001",
            "version" or "frames" or "frame" => "1",
            "sha256" => new string('a', 64),
            "study" or "series" or "instance" => "1.2.3",
            _ => "sample",
        });
}
