using Microsoft.AspNetCore.Authorization;

namespace FedBus.ServiceDefaults.Security;

internal sealed class SiteRequirementHandler : AuthorizationHandler<SiteRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SiteRequirement requirement)
    {
        if (requirement.IsMetBy(context.User)) context.Succeed(requirement);
        else context.Fail(new AuthorizationFailureReason(this, requirement.Any
            ? "the token names no site"
            : requirement.Site is null
                ? "this process serves no site (FedBus:SiteId is empty)"
                : $"the token is not of site '{requirement.Site}'"));
        return Task.CompletedTask;
    }
}
