using System.Net;
using System.Net.Http.Headers;

namespace FedBus.ServiceDefaults.Federation.Weights;

/// <summary>
/// The hub's weight store over HTTP: <c>PUT {hub}/aggregation/weights/{sha256}</c> (body: the file) and
/// <c>GET {hub}/aggregation/weights/{sha256}</c>. Made per operation from IHttpClientFactory, so handlers rotate.
/// </summary>
internal sealed class WeightStoreClient(HttpClient http, Uri hubUrl)
{
    public const string HttpClientName = "fedbus-weight-store";

    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");

    public Uri AddressOf(string sha256)
    {
        // A base without a trailing slash would lose its last segment ("http://gw/hub" + "aggregation/..." → "http://gw/aggregation/...").
        var root = hubUrl.AbsoluteUri.EndsWith('/') ? hubUrl : new Uri(hubUrl.AbsoluteUri + "/");
        return new Uri(root, $"aggregation/weights/{sha256}");
    }

    public async Task UploadAsync(string sha256, byte[] bytes, CancellationToken cancellationToken)
    {
        var url = AddressOf(sha256);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = OctetStream;
        using var response = await Send(sha256, url, () => http.PutAsync(url, content, cancellationToken), cancellationToken);
        if (response.IsSuccessStatusCode) return;
        var reason = await ReasonAsync(response, cancellationToken);
        var problem = response.StatusCode == HttpStatusCode.RequestEntityTooLarge
            ? $"the hub refused the upload of {bytes.Length} bytes as too large (413){reason}"
            : $"the hub refused the upload: {(int)response.StatusCode} {response.ReasonPhrase}{reason}";
        throw new WeightTransferException(sha256, url.ToString(), response.StatusCode, problem);
    }

    /// <summary>Reads the file into an array of exactly <paramref name="sizeBytes"/>; a longer or shorter body fails.</summary>
    public async Task<byte[]> DownloadAsync(string sha256, long sizeBytes, CancellationToken cancellationToken)
    {
        var url = AddressOf(sha256);
        using var response = await Send(sha256, url,
            () => http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new WeightTransferException(sha256, url.ToString(), response.StatusCode,
                $"the hub's weight store has no such weights (404){await ReasonAsync(response, cancellationToken)}");
        if (!response.IsSuccessStatusCode)
            throw new WeightTransferException(sha256, url.ToString(), response.StatusCode,
                $"the hub answered {(int)response.StatusCode} {response.ReasonPhrase}{await ReasonAsync(response, cancellationToken)}");
        if (response.Content.Headers.ContentLength is { } announced && announced != sizeBytes)
            throw new WeightVerificationException(sha256, url.ToString(), $"the hub announces {announced} bytes, the claim says {sizeBytes}");

        var bytes = new byte[sizeBytes];
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var read = 0;
            while (read < bytes.Length)
            {
                var n = await body.ReadAsync(bytes.AsMemory(read), cancellationToken);
                if (n == 0)
                    throw new WeightVerificationException(sha256, url.ToString(), $"the hub sent {read} bytes, the claim says {sizeBytes}");
                read += n;
            }
            if (await body.ReadAsync(new byte[1], cancellationToken) != 0)
                throw new WeightVerificationException(sha256, url.ToString(), $"the hub sends more than the claim's {sizeBytes} bytes");
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new WeightTransferException(sha256, url.ToString(), response.StatusCode, $"the download broke off: {e.Message}", e, transient: true);
        }
        return bytes;
    }

    /// <summary>Sends through the resilience pipeline; what is left after its retries becomes one error naming digest and URL.</summary>
    private static async Task<HttpResponseMessage> Send(string sha256, Uri url, Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            return await send();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not WeightTransferException)
        {
            throw new WeightTransferException(sha256, url.ToString(), null, $"the hub could not be reached: {e.Message}", e);
        }
    }

    /// <summary>The first line of a problem's text, e.g. the hub's "digest mismatch: expected …, got …".</summary>
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            if (text.Length == 0) return "";
            var line = text.Split('\n', 2)[0].Trim();
            return $" — {(line.Length > 300 ? line[..300] + "…" : line)}";
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "";
        }
    }
}
