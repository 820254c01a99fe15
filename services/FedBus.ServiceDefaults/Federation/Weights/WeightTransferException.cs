using System.Net;

namespace FedBus.ServiceDefaults.Federation.Weights;

/// <summary>Weights could not be uploaded to or fetched from the hub's weight store (or there is no hub to ask).</summary>
public sealed class WeightTransferException(string sha256, string url, HttpStatusCode? statusCode, string problem, Exception? inner = null)
    : WeightsUnavailableException($"Weights {sha256} at {url}: {problem}", inner)
{
    public string Sha256 { get; } = sha256;

    public string Url { get; } = url;

    /// <summary>The hub's answer, or null when there was none (connection failed, timed out, no hub configured).</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
