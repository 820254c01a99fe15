using Microsoft.AspNetCore.Builder;

namespace FedBus.ServiceDefaults.Limits;

public static class RequestLimitExtensions
{
    /// <summary>This route's body limit in bytes (instead of FedBus:RequestLimits:DefaultBytes); over it is 413.</summary>
    public static TBuilder WithRequestLimit<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestLimitMetadata(maxBytes));
}
