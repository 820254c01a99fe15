using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace FedBus.ServiceDefaults.Limits;

/// <summary>
/// Every OpenAPI operation that can carry a body states its limit (<see cref="RequestLimits.OpenApiExtension"/>), so
/// clients know it and the tests can send one byte more to every such route of a service.
/// </summary>
internal static class RequestLimitDocumentation
{
    private static readonly HashSet<string> BodyMethods = new(StringComparer.OrdinalIgnoreCase) { "POST", "PUT", "PATCH", "DELETE" };

    public static void Add(IServiceCollection services, RequestLimitOptions options) =>
        services.ConfigureAll<OpenApiOptions>(o => o.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.HttpMethod is { } method && BodyMethods.Contains(method))
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions[RequestLimits.OpenApiExtension] =
                    new JsonNodeExtension(JsonValue.Create(RequestLimits.Of(context.Description.ActionDescriptor.EndpointMetadata, options)));
            }
            return Task.CompletedTask;
        }));
}
