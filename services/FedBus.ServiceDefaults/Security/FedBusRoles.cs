namespace FedBus.ServiceDefaults.Security;

/// <summary>The roles a FedBus token carries (claim <see cref="AuthOptions.RoleClaim"/>).</summary>
public static class FedBusRoles
{
    /// <summary>Reads and labels a site's images.</summary>
    public const string Radiologist = "radiologist";

    /// <summary>Runs one site: QC decisions, training data, withdrawals.</summary>
    public const string SiteAdmin = "site-admin";

    /// <summary>Runs the federation at the hub: rounds, rollbacks, imports. Holds no site, so sees no site's images or labels.</summary>
    public const string HubAdmin = "hub-admin";

    /// <summary>
    /// Watches the federation at the hub (an ML engineer, an auditor): models, versions, rounds, gate decisions and the
    /// sites' aggregate statistics, read only. Holds no site and changes nothing.
    /// </summary>
    public const string HubViewer = "hub-viewer";

    /// <summary>A machine of a site: a PACS storing studies, a site service calling another one or the hub.</summary>
    public const string Service = "service";

    public static readonly IReadOnlyList<string> All = [Radiologist, SiteAdmin, HubAdmin, HubViewer, Service];
}
