using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation.Api;

/// <summary>Errors as ProblemDetails with a stable <c>code</c> (and, for a mismatched weight file, the <c>differences</c>).</summary>
internal static class Problems
{
    public static IResult Of(int status, string code, string detail, IReadOnlyList<string>? differences = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (differences is not null) extensions["differences"] = differences;
        return Results.Problem(detail: detail, statusCode: status, title: code, extensions: extensions);
    }

    /// <summary>The endpoint filter that turns the domain's refusals into 4xx answers.</summary>
    public static async ValueTask<object?> MapErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RegistryException e)
        {
            return Of(e.Status, e.Code, e.Message, e.Differences);
        }
        catch (RoundRefusedException e)
        {
            return Of(e.Status, e.Code, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            return Of(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too-large" : "bad-request", e.Message);
        }
    }
}
