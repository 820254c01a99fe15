using System.Net;
using System.Text.Json;
using FedBus.ServiceDefaults.Limits;
using FedBus.ServiceDefaults.Security;

namespace FedBus.Testing;

/// <summary>
/// Route-by-route checks of a service's body limits from its OpenAPI document: every operation that can carry a body
/// must state its limit (<see cref="RequestLimits.OpenApiExtension"/>) and, called with the token its policy accepts and
/// a body one byte over that limit, answer 413 with a problem document naming the limit.
/// </summary>
public static class RequestLimitCheck
{
    private static readonly string[] BodyMethods = ["post", "put", "patch", "delete"];

    /// <summary>
    /// <paramref name="table"/>: route → policy, as for <see cref="RouteAuthorization.CheckAsync"/> (it must name every
    /// body route). Returns one line per route for the test's output.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(HttpClient client, string documentUrl, IReadOnlyDictionary<string, string> table, string? site)
    {
        client.DefaultRequestHeaders.Authorization = null;
        using var request = new HttpRequestMessage(HttpMethod.Get, documentUrl);
        request.Headers.Authorization = TestTokens.Bearer("openapi-reader", null, FedBusRoles.HubAdmin);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{documentUrl}: {(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);

        var lines = new List<string>();
        var failures = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                var takesBody = BodyMethods.Contains(operation.Name) || (operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("requestBody", out _));
                if (!takesBody) continue;
                var route = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                if (!operation.Value.TryGetProperty(RequestLimits.OpenApiExtension, out var stated) || !stated.TryGetInt64(out var limit))
                {
                    failures.Add($"{route} states no body limit ({RequestLimits.OpenApiExtension}).");
                    continue;
                }
                if (!table.TryGetValue(route, out var policy))
                {
                    failures.Add($"{route} is not in the test's table, so no token is known for it.");
                    continue;
                }
                // The route's own media type when the document names one: another one would be routed to a 415 instead.
                var mediaType = operation.Value.TryGetProperty("requestBody", out var requestBody) && requestBody.TryGetProperty("content", out var content)
                    ? content.EnumerateObject().Select(c => c.Name).FirstOrDefault() ?? "application/octet-stream"
                    : "application/octet-stream";
                var (status, problem) = await SendAsync(client, route, RouteAuthorization.Tokens(policy, site).Right.Token, new ZeroContent(limit + 1, mediaType: mediaType).WithType());
                if (status != HttpStatusCode.RequestEntityTooLarge || problem?.Code != RequestLimitMiddleware.Code || problem?.MaxBytes != limit)
                    failures.Add($"{route} with {limit + 1} bytes (limit {limit}): {(int)status} {problem?.Code} {problem?.MaxBytes}, expected 413 {RequestLimitMiddleware.Code} {limit}.");
                lines.Add($"{route,-60} {mediaType,-26} limit {limit,12} → {(int)status} {problem?.Code}");
            }
        if (failures.Count > 0) throw new InvalidOperationException(string.Join('\n', failures));
        return lines;
    }

    /// <summary>The answer's status and, when it is a problem document, its code and stated limit.</summary>
    public static async Task<(HttpStatusCode Status, (string? Code, long? MaxBytes)? Problem)> SendAsync(
        HttpClient client, string route, System.Net.Http.Headers.AuthenticationHeaderValue token, HttpContent body)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(route[..space]), RouteAuthorization.Concrete(route[(space + 1)..]));
        request.Headers.Authorization = token;
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        // A real server answers before the body: the client then need not send gigabytes of it.
        request.Headers.ExpectContinue = true;
        request.Content = body;
        using var response = await client.SendAsync(request);
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return (response.StatusCode, null);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = problem.RootElement;
        return (response.StatusCode, (
            root.TryGetProperty("code", out var code) ? code.GetString() : null,
            root.TryGetProperty("maxBytes", out var max) && max.TryGetInt64(out var m) ? m : null));
    }
}
