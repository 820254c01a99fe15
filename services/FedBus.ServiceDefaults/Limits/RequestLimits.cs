using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace FedBus.ServiceDefaults.Limits;

/// <summary>Where a route's body limit comes from: its own metadata, else the configured default.</summary>
public static class RequestLimits
{
    /// <summary>The OpenAPI extension on every operation that takes a body: its limit in bytes.</summary>
    public const string OpenApiExtension = "x-fedbus-max-request-bytes";

    public static long Of(Endpoint endpoint, RequestLimitOptions options) => Of(endpoint.Metadata, options);

    public static long Of(IEnumerable<object> metadata, RequestLimitOptions options) =>
        metadata.OfType<IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize ?? options.DefaultBytes;
}
