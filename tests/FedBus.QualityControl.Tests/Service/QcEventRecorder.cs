using System.Collections.Concurrent;
using FedBus.Contracts;

namespace FedBus.QualityControl.Tests.Service;

/// <summary>Every event QC published, in the order they arrived.</summary>
public sealed class QcEventRecorder
{
    private readonly ConcurrentQueue<IFedBusMessage> _events = new();

    public IReadOnlyList<IFedBusMessage> All => [.. _events];

    public void Add(IFedBusMessage message) => _events.Enqueue(message);

    public IReadOnlyList<T> Of<T>() => All.OfType<T>().ToList();

    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (Of<T>().FirstOrDefault(match) is { } found) return found;
            await Task.Delay(25);
        }
        throw new TimeoutException($"No matching {typeof(T).Name} within the timeout. Seen: {string.Join(", ", All.Select(e => e.GetType().Name))}");
    }
}
