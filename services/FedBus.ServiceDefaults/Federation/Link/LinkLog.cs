using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Federation.Link;

internal static partial class LinkLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Federation link: {Change}")]
    public static partial void Changed(ILogger logger, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Federation link between hub {Hub} and {Sites} site(s) is in place: {Changes} change(s), {Unchanged} item(s) already right")]
    public static partial void Configured(ILogger logger, string hub, int sites, int changes, int unchanged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ management API at {Url} does not answer yet; trying again in {Delay}")]
    public static partial void ManagementUnavailable(ILogger logger, Uri url, TimeSpan delay, Exception exception);
}
