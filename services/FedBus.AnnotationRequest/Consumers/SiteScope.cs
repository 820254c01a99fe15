using FedBus.ServiceDefaults;

namespace FedBus.AnnotationRequest.Consumers;

/// <summary>A site's service acts on its own site's messages only (a misrouted message is logged and left alone).</summary>
internal static class SiteScope
{
    public static bool IsOwn(FedBusOptions fedBus, string siteId) =>
        string.IsNullOrEmpty(fedBus.SiteId) || string.Equals(fedBus.SiteId, siteId, StringComparison.Ordinal);
}
