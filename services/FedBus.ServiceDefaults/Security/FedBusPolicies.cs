using Microsoft.AspNetCore.Authorization;

namespace FedBus.ServiceDefaults.Security;

/// <summary>
/// The authorization policies services put on their routes. "Of this site" means the token's site claim is the
/// process's FedBus:SiteId: a token of site A gets 403 at site B, and a hub token (no site) gets 403 at every site.
/// </summary>
public static class FedBusPolicies
{
    /// <summary>Radiologist, site-admin or service of this site (reads of the site's data: QIDO/WADO, predictions, QC).</summary>
    public const string SiteMember = "fedbus-site-member";

    /// <summary>A radiologist of this site (the worklist and submissions).</summary>
    public const string SiteRadiologist = "fedbus-site-radiologist";

    /// <summary>Radiologist or site-admin of this site (people, not machines).</summary>
    public const string SiteStaff = "fedbus-site-staff";

    /// <summary>A site-admin of this site (withdrawals, seeding training data).</summary>
    public const string SiteAdmin = "fedbus-site-admin";

    /// <summary>A service (PACS, site service) of this site (STOW-RS).</summary>
    public const string SiteService = "fedbus-site-service";

    /// <summary>A hub-admin (rounds, rollbacks, imports).</summary>
    public const string HubAdmin = "fedbus-hub-admin";

    /// <summary>A hub-admin or hub-viewer, or a service of any site (the hub's models and weights, which every site fetches).</summary>
    public const string HubReader = "fedbus-hub-reader";

    /// <summary>A hub-admin or hub-viewer: the people at the hub (reads of the hub's own bookkeeping: sites, refusals).</summary>
    public const string HubStaff = "fedbus-hub-staff";

    /// <summary>A service of any site, as itself (weight uploads).</summary>
    public const string SiteUploader = "fedbus-site-uploader";

    internal static void Add(AuthorizationOptions authorization, string? processSite, string siteClaim)
    {
        var ofThisSite = new SiteRequirement(siteClaim, processSite, any: false);
        var ofAnySite = new SiteRequirement(siteClaim, null, any: true);
        authorization.AddPolicy(SiteMember, p => p.RequireRole(FedBusRoles.Radiologist, FedBusRoles.SiteAdmin, FedBusRoles.Service).AddRequirements(ofThisSite));
        authorization.AddPolicy(SiteRadiologist, p => p.RequireRole(FedBusRoles.Radiologist).AddRequirements(ofThisSite));
        authorization.AddPolicy(SiteStaff, p => p.RequireRole(FedBusRoles.Radiologist, FedBusRoles.SiteAdmin).AddRequirements(ofThisSite));
        authorization.AddPolicy(SiteAdmin, p => p.RequireRole(FedBusRoles.SiteAdmin).AddRequirements(ofThisSite));
        authorization.AddPolicy(SiteService, p => p.RequireRole(FedBusRoles.Service).AddRequirements(ofThisSite));
        authorization.AddPolicy(HubAdmin, p => p.RequireRole(FedBusRoles.HubAdmin));
        authorization.AddPolicy(HubReader, p => p.RequireAssertion(c =>
            c.User.IsInRole(FedBusRoles.HubAdmin) || c.User.IsInRole(FedBusRoles.HubViewer) || (c.User.IsInRole(FedBusRoles.Service) && ofAnySite.IsMetBy(c.User))));
        authorization.AddPolicy(HubStaff, p => p.RequireRole(FedBusRoles.HubAdmin, FedBusRoles.HubViewer));
        authorization.AddPolicy(SiteUploader, p => p.RequireRole(FedBusRoles.Service).AddRequirements(ofAnySite));
    }
}
