using FedBus.AppHost.Demo;
using FedBus.ServiceDefaults.Blobs;
using MassTransit;

namespace FedBus.AppHost.Up;

/// <summary>
/// `up`'s own listener on a site's virtual host: the demo's <see cref="SiteActivityObserver"/> on a queue of its own
/// (durable, so what is published while the broker or `up` reconnects waits for it), reading predictions from the site's
/// blob store as the services do. It changes nothing; it is how the report counts what the processes did.
/// </summary>
internal sealed class SiteObserverBus : IAsyncDisposable
{
    private readonly IBusControl bus;
    private readonly string vhost;

    private SiteObserverBus(IBusControl bus, string vhost) => (this.bus, this.vhost) = (bus, vhost);

    /// <summary>Why the observer is not connected to its virtual host; null when it is.</summary>
    public string? Down => bus.CheckHealth() is { Status: not BusHealthStatus.Healthy } health ? $"up's observer on {vhost}: {health.Description}" : null;

    public static async Task<SiteObserverBus> StartAsync(BrokerSettings broker, string vhost, SiteActivity activity, string blobRoot, CancellationToken cancellationToken)
    {
        var blobs = new FileSystemBlobStore(blobRoot);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker.Host, (ushort)broker.Port, vhost, h =>
            {
                h.Username(broker.Username);
                h.Password(broker.Password);
            });
            cfg.ReceiveEndpoint("fedbus-up-observer", e =>
            {
                e.PrefetchCount = 32;
                // A prediction's blob is written before its event is published; a read that races a restart tries again.
                e.UseMessageRetry(r => r.Interval(5, TimeSpan.FromSeconds(1)));
                e.Consumer(() => new SiteActivityObserver(activity, blobs));
            });
        });
        await bus.StartAsync(cancellationToken);
        return new SiteObserverBus(bus, vhost);
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync(TimeSpan.FromSeconds(15));
}
