using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace FedBus.ServiceDefaults.Security;

/// <summary>
/// The token's site claim must be <see cref="Site"/> (or, with <see cref="Any"/>, any site). A process without a
/// SiteId refuses every site-scoped route: fail closed rather than serve a site's data to all sites.
/// </summary>
public sealed class SiteRequirement(string claimType, string? site, bool any) : IAuthorizationRequirement
{
    public string ClaimType { get; } = claimType;

    public string? Site { get; } = string.IsNullOrWhiteSpace(site) ? null : site;

    public bool Any { get; } = any;

    public string? SiteOf(ClaimsPrincipal user) => user.FindFirst(ClaimType)?.Value is { Length: > 0 } s ? s : null;

    public bool IsMetBy(ClaimsPrincipal user) =>
        SiteOf(user) is { } s && (Any || (Site is not null && string.Equals(s, Site, StringComparison.Ordinal)));
}
