using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace FedBus.ServiceDefaults.Security;

/// <summary>401 and 403 with a reason (a problem document), not an empty body: the caller learns what the route needs.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            await context.ChallengeAsync();
            await Problem(context, 401, "unauthenticated",
                "This route needs a bearer token (Authorization: Bearer <jwt>) that this service accepts: missing, expired or not signed by the configured issuer.");
            return;
        }
        if (authorizeResult.Forbidden)
        {
            await context.ForbidAsync();
            await Problem(context, 403, "forbidden", $"The token does not allow this: {Needs(authorizeResult.AuthorizationFailure)}.");
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static string Needs(AuthorizationFailure? failure)
    {
        if (failure is null) return "refused";
        var parts = new List<string>();
        foreach (var requirement in failure.FailedRequirements)
        {
            switch (requirement)
            {
                case RolesAuthorizationRequirement roles:
                    parts.Add($"it needs the role {string.Join(" or ", roles.AllowedRoles)}");
                    break;
                case SiteRequirement:
                    break;
                default:
                    parts.Add("it needs another role");
                    break;
            }
        }
        parts.AddRange(failure.FailureReasons.Select(r => r.Message));
        return parts.Count == 0 ? "refused" : string.Join("; ", parts.Distinct());
    }

    private static Task Problem(HttpContext context, int status, string code, string detail)
    {
        if (context.Response.HasStarted) return Task.CompletedTask;
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { type = "about:blank", title = status == 401 ? "Unauthorized" : "Forbidden", status, code, detail },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}
