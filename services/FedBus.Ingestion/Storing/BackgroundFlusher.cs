using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Privacy;

namespace FedBus.Ingestion.Storing;

/// <summary>
/// Starts the disk writes of received instances early: every <see cref="IngestionOptions.BackgroundSyncBytes"/> written
/// to the incoming folder, a thread of its own syncs the file system, so the sync that makes an association durable
/// before its release is answered finds little left to write. Counted when written, not when committed: a committed
/// batch can hold 128 CT instances (67 MB), all of which the release's sync then wrote (50-70 ms per CT study).
/// </summary>
public sealed partial class BackgroundFlusher : IDisposable
{
    private readonly IBlobStore _blobs;
    private readonly long _threshold;
    private readonly IdentifierHasher _hasher;
    private readonly ILogger<BackgroundFlusher> _logger;
    private readonly CancellationTokenSource _stopping = new();
    // At most one sync waits while one runs: it covers everything written before it starts.
    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _unsynced;
    private int _asked;

    public BackgroundFlusher(IBlobStore blobs, IngestionOptions options, IdentifierHasher hasher, ILogger<BackgroundFlusher> logger)
    {
        _blobs = blobs;
        _threshold = options.BackgroundSyncBytes;
        _hasher = hasher;
        _logger = logger;
        // A thread of its own, not the pool's: syncfs blocks for as long as the disk takes.
        if (_threshold > 0) new Thread(Run) { IsBackground = true, Name = "Blob store flusher" }.Start();
    }

    /// <summary>Counts bytes just written; past the threshold, asks for a sync. Any thread; never waits.</summary>
    public void Written(long bytes)
    {
        if (_threshold <= 0 || Interlocked.Add(ref _unsynced, bytes) < _threshold) return;
        Interlocked.Exchange(ref _unsynced, 0);
        // The flag is cleared only after the flusher took the signal, so the semaphore is never released twice.
        if (Interlocked.Exchange(ref _asked, 1) == 0) _signal.Release();
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                _signal.Wait(_stopping.Token);
                Volatile.Write(ref _asked, 0);
                try
                {
                    _blobs.FlushToDisk();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Only an early start: the release's sync is the one that counts, and it reports a failure to the
                    // sender. Nothing may escape a thread of its own: it would end the process.
                    LogBackgroundSyncFailed(_hasher.Redact(e));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // The semaphore is not disposed: the thread may still be leaving its wait.
    public void Dispose() => _stopping.Cancel();

    [LoggerMessage(LogLevel.Warning, "A background sync of the blob store failed; the next release syncs again")]
    private partial void LogBackgroundSyncFailed(Exception e);
}
