using System.Collections.Concurrent;
using FedBus.Contracts;

namespace FedBus.Training.Tests.Support;

/// <summary>Every message training published that a test listens for, in arrival order.</summary>
public sealed class TrainingEventRecorder
{
    private readonly ConcurrentQueue<IFedBusMessage> _events = new();

    public IReadOnlyList<IFedBusMessage> All => [.. _events];

    public void Add(IFedBusMessage message) => _events.Enqueue(message);

    public IReadOnlyList<T> Of<T>() => All.OfType<T>().ToList();

    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (Of<T>().FirstOrDefault(match) is { } found) return found;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No matching {typeof(T).Name} within the timeout. Seen: {string.Join(", ", All.Select(e => e.GetType().Name))}");
    }
}
