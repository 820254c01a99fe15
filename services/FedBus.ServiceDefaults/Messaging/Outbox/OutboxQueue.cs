using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;

namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// What this host has committed and not yet published, in commit order: the outbox hands entries over right after its
/// commit and the dispatcher publishes them at once. The entries are in the store too, so nothing is lost when the
/// process dies with entries here. Also names this host's writer and orders its entry ids.
/// </summary>
internal sealed class OutboxQueue
{
    /// <summary>Beyond this many, entries are left to the sweep (it finds them in the store) instead of kept in memory.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentQueue<PendingOutboxEntry> _entries = new();
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _idLock = new();
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private long _lastTicks;

    public OutboxQueue()
    {
        Owner = $"{Environment.MachineName}/{Environment.ProcessId}/{_tag}";
    }

    public string Owner { get; }

    public bool IsEmpty => _entries.IsEmpty;

    /// <summary>Ids that sort in commit order for this writer, even if the clock steps back, and never collide with another's.</summary>
    public string NextId(DateTimeOffset now)
    {
        long ticks;
        lock (_idLock) ticks = _lastTicks = Math.Max(now.UtcTicks, _lastTicks + 1);
        return ticks.ToString("D19", CultureInfo.InvariantCulture) + "-" + _tag;
    }

    /// <summary>Called after the commit that stored the entries; past <see cref="Capacity"/> they are left to the sweep.</summary>
    public void Committed(IEnumerable<PendingOutboxEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (_entries.Count >= Capacity) break;
            _entries.Enqueue(entry);
        }
        _signal.Writer.TryWrite(true);
    }

    public bool TryPeek(out PendingOutboxEntry entry) => _entries.TryPeek(out entry!);

    public void Dequeue() => _entries.TryDequeue(out _);

    /// <summary>Returns when entries are waiting, when <paramref name="timeout"/> has passed, or throws when cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!_entries.IsEmpty) return;
        if (timeout > TimeSpan.Zero)
        {
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, time, wake.Token);
            var signal = _signal.Reader.WaitToReadAsync(wake.Token).AsTask();
            await Task.WhenAny(delay, signal);
            await wake.CancelAsync();
        }
        cancellationToken.ThrowIfCancellationRequested();
        _signal.Reader.TryRead(out _);
    }
}
