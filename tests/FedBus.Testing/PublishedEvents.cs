using System.Collections.Concurrent;
using FedBus.Contracts;

namespace FedBus.Testing;

/// <summary>Every event a service published, as its bus delivered them to a test's recording consumer; tests await them.</summary>
public sealed class PublishedEvents
{
    private readonly ConcurrentQueue<IFedBusMessage> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public void Add(IFedBusMessage message)
    {
        _events.Enqueue(message);
        _arrived.Release();
    }

    public IReadOnlyList<T> All<T>() => _events.OfType<T>().ToArray();

    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_events.OfType<T>().FirstOrDefault(predicate) is { } found) return found;
            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {typeof(T).Name} matching the test's condition was published; got: {string.Join(", ", _events.Select(e => e.GetType().Name))}");
            }
        }
    }
}
