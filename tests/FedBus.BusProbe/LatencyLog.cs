using System.Collections.Concurrent;
using System.Diagnostics;

namespace FedBus.BusProbe;

/// <summary>When each message of the "latency" role was sent and when its consumer finished with it.</summary>
public sealed class LatencyLog
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<long>> _done = new();

    public Task<long> Expect(Guid id) => _done.GetOrAdd(id, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Done(Guid id)
    {
        if (_done.TryGetValue(id, out var done)) done.TrySetResult(Stopwatch.GetTimestamp());
    }
}
