using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Federation.Bridge;

internal static partial class BridgeLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Federation bridge connected: hub and {Sites} site(s), {Up} type(s) up, {Down} type(s) down")]
    public static partial void Connected(ILogger logger, int sites, int up, int down);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {MessageType} published at site {SiteId} names another site; it does not cross to the hub")]
    public static partial void ForeignSiteHeld(ILogger logger, string messageType, string siteId);
}
