using System.Text.Json;

namespace FedBus.AppHost.Up;

/// <summary>
/// Whether every bus of the run is connected: each service's MassTransit health check (its /health) and `up`'s own
/// observers. After a broker restart a consumer may take many seconds to reconnect; until it does, its queue fills while
/// everything else looks quiet, and a wave must not be taken as settled.
/// </summary>
internal sealed class BusConnections(IReadOnlyList<(string Name, Uri Url)> services, IReadOnlyList<SiteObserverBus> observers) : IDisposable
{
    private readonly HttpClient probe = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The first bus that is not connected, with why; null when every one is.</summary>
    public async Task<string?> FirstDownAsync(CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
            if (observer.Down is { } why) return why;
        foreach (var (name, url) in services)
        {
            try
            {
                // A process without a bus (a gateway) reports no such check.
                if (await ServiceHealth.CheckAsync(probe, url, "masstransit-bus", cancellationToken) is { Status: not "Healthy" } bus)
                    return $"{name}: {bus.Description}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException { InnerException: TimeoutException } or JsonException)
            {
                return $"{name}: /health did not answer ({e.Message})";
            }
        }
        return null;
    }

    public void Dispose() => probe.Dispose();
}
