using MassTransit;

namespace FedBus.ServiceDefaults.Tests.Federation;

/// <summary>Every <typeparamref name="T"/> a bus delivers to a probe endpoint of its own, with the transport's MessageId.</summary>
internal sealed class Arrivals<T> where T : class
{
    private readonly List<(T Message, Guid? MessageId)> _seen = [];

    public static async Task<Arrivals<T>> OnAsync(IBus bus)
    {
        var arrivals = new Arrivals<T>();
        var handle = bus.ConnectReceiveEndpoint($"test-probe-{typeof(T).Name}", e => e.Handler<T>(context =>
        {
            lock (arrivals._seen) arrivals._seen.Add((context.Message, context.MessageId));
            return Task.CompletedTask;
        }));
        await handle.Ready;
        return arrivals;
    }

    public IReadOnlyList<(T Message, Guid? MessageId)> Seen
    {
        get
        {
            lock (_seen) return [.. _seen];
        }
    }

    /// <summary>Waits (generously) for the first arrival that matches.</summary>
    public async Task<(T Message, Guid? MessageId)> WaitForAsync(Func<T, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var hit = Seen.FirstOrDefault(s => match(s.Message));
            if (hit.Message is not null) return hit;
            await Task.Delay(20);
        }
        throw new TimeoutException($"No matching {typeof(T).Name} arrived within 20 s; seen {Seen.Count}.");
    }
}
