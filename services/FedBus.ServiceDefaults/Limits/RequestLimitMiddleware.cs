using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Limits;

/// <summary>
/// Holds every routed request's body to its route's limit (<see cref="RequestLimits.Of"/>): a declared Content-Length
/// over it is answered 413 before a byte is read; a body that runs over it while streaming (chunked) is cut off, and
/// unless the handler already answered, the answer is 413. Both as a problem document saying the limit. Runs after
/// authorization, so a caller without a token learns nothing about limits.
/// </summary>
public sealed partial class RequestLimitMiddleware(RequestDelegate next, RequestLimitOptions options, ILogger<RequestLimitMiddleware> logger)
{
    public const string Code = "request-too-large";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var request = context.Request;
        if (endpoint is null || request.ContentLength == 0)
        {
            await next(context);
            return;
        }
        var limit = RequestLimits.Of(endpoint, options);
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } f ? f : null;
        var backstop = (2 * limit) + (64 * 1024);
        if (request.ContentLength > limit)
        {
            // A body not much over is drained by Kestrel after the answer, so the connection lives and the client reads
            // the 413; a far larger one is not read at all (the connection then closes: send Expect: 100-continue).
            if (feature is not null && request.ContentLength <= backstop) feature.MaxRequestBodySize = request.ContentLength;
            await RefuseAsync(context, endpoint, limit, $"The body is {request.ContentLength} bytes; this route takes at most {limit}. Nothing was stored.");
            return;
        }
        // Kestrel counts a chunked body's framing against its limit too, so at the limit it would refuse a body that fits:
        // its limit stays a backstop with room for framing, and the exact count of payload bytes is ours.
        if (feature is not null) feature.MaxRequestBodySize = backstop;
        var limited = new LimitedRequestStream(request.Body, limit);
        request.Body = limited;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await RefuseAsync(context, endpoint, limit, TooLong(limit));
            return;
        }
        // A binder that met the cut-off body gives up with an empty 413 (or none): the reason is ours to give.
        if (!context.Response.HasStarted && (limited.Exceeded || context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge))
            await RefuseAsync(context, endpoint, limit, TooLong(limit));
    }

    private static string TooLong(long limit) => $"The body is longer than {limit} bytes, the most this route takes. Nothing was stored.";

    private async Task RefuseAsync(HttpContext context, Endpoint endpoint, long limit, string detail)
    {
        Refused(logger, context.Request.Method, (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? endpoint.DisplayName ?? "?", limit);
        context.Response.Clear();
        await Results.Problem(detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: Code,
            extensions: new Dictionary<string, object?> { ["code"] = Code, ["maxBytes"] = limit }).ExecuteAsync(context);
    }

    [LoggerMessage(EventId = 4130, Level = LogLevel.Warning, Message = "Refused {Method} {Route}: the body exceeds the route's limit of {Limit} bytes")]
    private static partial void Refused(ILogger logger, string method, string route, long limit);
}
