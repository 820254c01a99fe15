using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>The few calls of RabbitMQ's management HTTP API the link needs; every failure names the call and the answer.</summary>
internal sealed class RabbitMqManagementClient : IDisposable
{
    private readonly HttpClient _http;

    public RabbitMqManagementClient(FederationLinkOptions options, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = new Uri(options.ManagementUrl.AbsoluteUri.TrimEnd('/') + "/api/");
        _http.Timeout = TimeSpan.FromSeconds(30);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ManagementUsername}:{options.ManagementPassword}")));
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Path segments are escaped here: a vhost "/" is "%2F", an exchange "A:B" is "A%3AB".</summary>
    public static string Path(params string[] segments) => string.Join('/', segments.Select(Uri.EscapeDataString));

    /// <summary>The resource, or null if it does not exist.</summary>
    public async Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccess(response, "GET", path, cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
    }

    public async Task PutAsync(string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var response = await _http.PutAsJsonAsync(path, body, cancellationToken);
        await EnsureSuccess(response, "PUT", path, cancellationToken);
    }

    public async Task PostAsync(string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(path, body, cancellationToken);
        await EnsureSuccess(response, "POST", path, cancellationToken);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return;
        await EnsureSuccess(response, "DELETE", path, cancellationToken);
    }

    private async Task EnsureSuccess(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new FederationLinkException(
            $"RabbitMQ management API: {method} {_http.BaseAddress}{path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}");
    }

    public void Dispose() => _http.Dispose();
}
