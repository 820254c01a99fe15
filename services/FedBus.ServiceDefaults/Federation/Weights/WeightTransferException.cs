using System.Net;

namespace FedBus.ServiceDefaults.Federation.Weights;

/// <summary>Weights could not be uploaded to or fetched from the hub's weight store (or there is no hub to ask).</summary>
public sealed class WeightTransferException(string sha256, string url, HttpStatusCode? statusCode, string problem, Exception? inner = null, bool? transient = null)
    : WeightsUnavailableException($"Weights {sha256} at {url}: {problem}", inner)
{
    public string Sha256 { get; } = sha256;

    public string Url { get; } = url;

    /// <summary>The hub's answer, or null when there was none (connection failed, timed out, no hub configured).</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>
    /// A passing fault that the same transfer may get past later: no answer (hub down, unreachable, timed out), a
    /// download that broke off, or 408, 429 and 5xx. Not: no hub configured, 404, 413 or another refusal.
    /// </summary>
    public bool Transient { get; } = transient ?? (statusCode is { } status
        ? (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        : inner is not null);
}
