using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>
/// At the hub (FedBus:Federation:Link:ConfigureAtStartup=true): sets the link up before the host is started. Waits while
/// the management API does not answer (the broker may still be booting), up to StartupTimeout; a refusal or a conflicting
/// declaration fails start-up at once, with the reason.
/// </summary>
internal sealed class FederationLinkStartup(FederationOptions options, TimeProvider time, ILogger<FederationLinkStartup> logger) : IHostedService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var link = options.Link;
        using var configurator = new FederationLinkConfigurator(link, logger);
        var deadline = time.GetUtcNow() + link.StartupTimeout;
        while (true)
        {
            try
            {
                await configurator.ConfigureAsync(cancellationToken);
                return;
            }
            catch (HttpRequestException e) when (time.GetUtcNow() + RetryDelay < deadline)
            {
                LinkLog.ManagementUnavailable(logger, link.ManagementUrl, RetryDelay, e);
                await Task.Delay(RetryDelay, time, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
