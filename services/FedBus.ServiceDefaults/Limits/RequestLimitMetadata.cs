using Microsoft.AspNetCore.Http.Metadata;

namespace FedBus.ServiceDefaults.Limits;

/// <summary>A route's own body limit; ASP.NET Core's routing reads the same interface and sets Kestrel's limit from it.</summary>
public sealed class RequestLimitMetadata(long maxBytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = maxBytes > 0 ? maxBytes : throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "A request limit is a positive number of bytes.");
}
