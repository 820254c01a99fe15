namespace FedBus.AppHost.Demo;

/// <summary>
/// Which parts of the loop exist on this branch and are composed into the demo's hosts. A part that is not here yet is
/// left out of the run and named in the report with why — never imitated.
/// </summary>
internal static class ComposedServices
{
    public static bool Inference { get; } = true;
    public static bool Training { get; } = false;
    public static bool Aggregation { get; } = false;
    public static bool SiteHubLink { get; } = false;

    public const string InferenceMissing = "inference not merged yet";
    public const string RoundsMissing = "training and aggregation are not wired into the demo yet";
    public const string LinkMissing = "the site↔hub link (embedded bridge) is not wired into the demo yet";
}
