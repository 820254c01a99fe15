using FedBus.AppHost.Demo;

namespace FedBus.AppHost.Up;

/// <summary>One hospital of `up`: its data, what its bus carried (counted by `up`'s observer) and where its processes listen.</summary>
internal sealed class UpSite(DemoSite site, SiteActivity activity, string virtualHost, IReadOnlyDictionary<string, Uri> services, int dicomPort) : IDemoSiteView
{
    public DemoSite Site => site;

    public SiteActivity Activity => activity;

    public string VirtualHost => virtualHost;

    /// <summary>Each service's address by role (ingestion, inference, annotation-request, quality-control, training).</summary>
    public IReadOnlyDictionary<string, Uri> Services => services;

    public int DicomPort => dicomPort;

    /// <summary>The gateway's routes: a URL prefix to the service that serves it.</summary>
    public IReadOnlyDictionary<string, Uri> Routes(Uri hub) => new Dictionary<string, Uri>(StringComparer.Ordinal)
    {
        ["dicomweb"] = services["ingestion"],
        ["inference"] = services["inference"],
        ["annotations"] = services["annotation-request"],
        ["qc"] = services["quality-control"],
        ["training"] = services["training"],
        ["aggregation"] = hub,
    };
}
