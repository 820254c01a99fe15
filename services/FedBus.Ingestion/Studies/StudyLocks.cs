using System.Collections.Concurrent;

namespace FedBus.Ingestion.Studies;

/// <summary>One async lock per study, so opening and completing a study never interleave within this process.</summary>
public sealed class StudyLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string studyInstanceUid, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd(studyInstanceUid, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken);
        return new Release(semaphore);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }
}
