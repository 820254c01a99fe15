namespace FedBus.AppHost.Demo;

/// <summary>
/// A running hospital as the run drives and reports it: its data and what its bus carried. The embedded demo's
/// <see cref="SiteHost"/> and `up`'s processes of one site both are one.
/// </summary>
internal interface IDemoSiteView
{
    DemoSite Site { get; }

    SiteActivity Activity { get; }
}
