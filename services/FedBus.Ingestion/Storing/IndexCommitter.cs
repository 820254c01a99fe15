using System.Threading.Channels;
using FedBus.Dicom;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Privacy;

namespace FedBus.Ingestion.Storing;

/// <summary>
/// Takes staged instances off the answer path: links each into the blob store (a hard link named by its hash, taken
/// while it was received or read back here) and indexes them in batches that linger to fill up unless a sender waits
/// (<see cref="CommitNow"/>), then deletes the staged files. At start-up it first finishes what an earlier run left in the incoming
/// folder, so an instance that was answered before a crash is stored and indexed once the service is back. The queue
/// is bounded: when indexing falls behind, receiving waits.
/// </summary>
public sealed partial class IndexCommitter(
    IncomingFolder incoming, IBlobStore blobs, StudyIndex index, IngestionOptions options, TimeProvider time, IdentifierHasher hasher, ILogger<IndexCommitter> logger)
    : BackgroundService
{
    private readonly Channel<StagedInstance> _queue = Channel.CreateBounded<StagedInstance>(
        new BoundedChannelOptions(Math.Max(1, options.CommitQueueLength)) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private const int CommitAttempts = 5;

    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<(string Path, IngestSource Source)> _leftovers = [];
    private TaskCompletionSource _commitNow = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long _unhashedBytes;
    private TaskCompletionSource _hashNow = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Reserves room for an instance's bytes to wait in memory until they are hashed here; false when
    /// <see cref="IngestionOptions.MaxUnhashedBytes"/> are waiting already (the committer then hashes the file).
    /// </summary>
    public bool TryReserveMemory(long bytes)
    {
        if (Interlocked.Add(ref _unhashedBytes, bytes) <= options.MaxUnhashedBytes) return true;
        ReleaseMemory(bytes);
        return false;
    }

    private void ReleaseMemory(long bytes) => Interlocked.Add(ref _unhashedBytes, -bytes);

    /// <summary>Completes when what an earlier run left behind is indexed.</summary>
    public Task Recovered => _recovered.Task;

    public async ValueTask EnqueueAsync(StagedInstance instance, CancellationToken cancellationToken)
    {
        instance.Unit.Staged();
        try
        {
            await _queue.Writer.WriteAsync(instance, cancellationToken);
            // A batch's worth is waiting: the committer need not linger for more.
            if (_queue.Reader.Count >= options.CommitBatchSize) CommitNow();
            // An eighth of the memory allowed is waiting to be hashed: hash it now, without ending the batch, so memory
            // stays far below the bound and hashing is spread over the association instead of piling up.
            else if (instance.Unhashed is not null && Volatile.Read(ref _unhashedBytes) >= options.MaxUnhashedBytes / 8) Volatile.Read(ref _hashNow).TrySetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // Not queued: the file stays for the next start-up; whoever waits on the unit hears it failed.
            Forget(instance.Unhashed);
            Complete(instance, IngestOutcome.Rejected(IngestStatus.OutOfResources, "the service is stopping"));
            throw;
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the DICOM listener and STOW-RS start staging: what is in the folder now is an earlier run's.
        _leftovers = incoming.Leftovers();
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Someone waits on what is queued (a release, a STOW-RS response): commit it without lingering.</summary>
    public void CommitNow()
    {
        var asked = Volatile.Read(ref _commitNow);
        asked.TrySetResult();
        // Swapped meanwhile: the committer may have looked before we asked, so ask the next batch too.
        if (Volatile.Read(ref _commitNow) is var next && next != asked) next.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await index.EnsureIndexesAsync(stoppingToken);
        await RecoverAsync(stoppingToken);
        var batch = new List<Linked>(options.CommitBatchSize);
        while (true)
        {
            if (!_queue.Reader.TryPeek(out _) && index.HasUncounted)
            {
                // Idle with counts to bring up to date: do it unless instances arrive first.
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                idle.CancelAfter(TimeSpan.FromMilliseconds(200));
                try
                {
                    await _queue.Reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    await index.RecountDueAsync(force: true, stoppingToken);
                    continue;
                }
            }
            if (!await _queue.Reader.WaitToReadAsync(stoppingToken)) return;
            await FillAsync(batch, Volatile.Read(ref _commitNow).Task, stoppingToken);
            // A request to commit now concerns instances queued before it: those this batch did not take go without
            // lingering either.
            var asked = Interlocked.Exchange(ref _commitNow, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.IsCompleted;
            if (asked && _queue.Reader.TryPeek(out _)) CommitNow();
            await IndexAsync(batch, replay: false, stoppingToken);
            batch.Clear();
        }
    }

    /// <summary>
    /// Takes what is queued and links it into the blob store; lingers for more while the batch is not full and nobody waits on it. It sleeps
    /// through the linger instead of waking for every instance (a thread wake-up per instance costs the answer path
    /// more than the linger saves): a full queue or a waiting sender wakes it.
    /// </summary>
    private async Task FillAsync(List<Linked> batch, Task commitNow, CancellationToken stoppingToken)
    {
        var taken = new List<StagedInstance>(options.CommitBatchSize);
        var until = time.GetTimestamp() + (long)(options.CommitLinger.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            // A fresh signal before taking: an instance queued after the take wakes the wait below.
            var hashNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _hashNow, hashNow);
            while (batch.Count + taken.Count < options.CommitBatchSize && _queue.Reader.TryRead(out var next)) taken.Add(next);
            batch.AddRange(Link(taken));
            taken.Clear();
            var left = time.GetElapsedTime(time.GetTimestamp(), until);
            if (batch.Count >= options.CommitBatchSize || commitNow.IsCompleted || left <= TimeSpan.Zero) return;
            // Yield: whoever asked for the commit (a sender's thread) must not run it inline.
            await ((Task)Task.WhenAny(commitNow, hashNow.Task, Task.Delay(left, time, stoppingToken))).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            stoppingToken.ThrowIfCancellationRequested();
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            var leftovers = _leftovers;
            if (leftovers.Count > 0) LogRecovering(leftovers.Count, incoming.Root);
            var unit = new IngestUnit(null, "");
            var batch = new List<StagedInstance>(options.CommitBatchSize);
            foreach (var (path, source) in leftovers)
            {
                if (Recover(path, source, unit) is { } staged) batch.Add(staged);
                if (batch.Count < options.CommitBatchSize) continue;
                await IndexAsync(Link(batch), replay: true, cancellationToken);
                batch.Clear();
            }
            if (batch.Count > 0) await IndexAsync(Link(batch), replay: true, cancellationToken);
        }
        finally
        {
            _recovered.TrySetResult();
        }
    }

    private StagedInstance? Recover(string path, IngestSource source, IngestUnit unit)
    {
        try
        {
            using var file = DicomFile.Open(path, DicomReadOptions.HeaderOnly);
            var header = InstanceHeader.From(file.Dataset);
            unit.Staged();
            return new StagedInstance(path, header, file.TransferSyntax.Uid, file.Meta.SourceApplicationEntityTitle ?? "", source, unit, time.GetUtcNow());
        }
        catch (Exception e) when (e is DicomException or IngestRejectedException or IOException)
        {
            // It was checked before it was staged, so this is damage: keep it aside for a person, out of the way.
            LogUnreadableLeftover(hasher.Redact(e), path);
            File.Move(path, path + ".unreadable", overwrite: true);
            return null;
        }
    }

    /// <summary>An instance taken off the queue: in the blob store (a hard link named by its hash), or why not.</summary>
    private readonly record struct Linked(StagedInstance Staged, BlobRef? Blob, string? Error);

    private List<Linked> Link(List<StagedInstance> staged)
    {
        var linked = new Linked[staged.Count];
        void Put(int i)
        {
            try
            {
                var blob = staged[i] switch
                {
                    { Hashed: { } known } => blobs.PutFile(staged[i].Path, known),
                    { Unhashed: { } bytes } => blobs.PutFile(staged[i].Path, new BlobRef(bytes.DataSet.Sha256(bytes.Meta.Span), bytes.Length)),
                    _ => blobs.PutFile(staged[i].Path),
                };
                linked[i] = new Linked(staged[i], blob, null);
            }
            catch (IOException e)
            {
                linked[i] = new Linked(staged[i], null, $"the blob store could not take the instance: {e.Message}");
            }
            finally
            {
                Forget(staged[i].Unhashed);
            }
        }
        // Hashing files dominates a large batch (STOW-RS, recovery): spread it over the cores (a small one is not worth the
        // thread hops). Instances hashed while received only need their link; those in memory are hashed here, on this
        // one thread, which keeps up with several associations and leaves the other cores to them.
        if (staged.Count(s => s.Hashed is null && s.Unhashed is null) >= 4) Parallel.For(0, staged.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Put);
        else for (var i = 0; i < staged.Count; i++) Put(i);
        return [.. linked];
    }

    private async Task IndexAsync(List<Linked> batch, bool replay, CancellationToken cancellationToken)
    {
        var errors = batch.Select(h => h.Error).ToArray();
        var entries = new List<IndexEntry>(batch.Count);
        var positions = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Blob is not { } blob) continue;
            var staged = batch[i].Staged;
            var header = staged.Header;
            entries.Add(new IndexEntry(new InstanceRecord(
                header.SopInstanceUid, header.SopClassUid, header.SeriesInstanceUid, header.StudyInstanceUid, staged.TransferSyntaxUid,
                blob.Sha256, blob.Length, header.InstanceNumber, header.Rows, header.Columns, header.NumberOfFrames,
                staged.CallingAeTitle, staged.Source, staged.ReceivedAt), header, staged.Unit.AssociationId));
            positions.Add(i);
        }

        var outcomes = new IngestOutcome?[batch.Count];
        for (var attempt = 1; entries.Count > 0; attempt++)
        {
            try
            {
                var indexed = await index.CommitAsync(entries, time.GetUtcNow(), cancellationToken, replay);
                for (var k = 0; k < indexed.Count; k++) outcomes[positions[k]] = indexed[k];
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < CommitAttempts)
            {
                // A store that is away for a moment, or a transaction that lost to another replica's: try again shortly.
                LogIndexRetry(hasher.Redact(e), attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogIndexFailed(hasher.Redact(e), entries.Count);
                foreach (var i in positions) errors[i] = $"the index could not take the instance: {e.Message}";
                break;
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var staged = batch[i].Staged;
            if (outcomes[i] is { } outcome)
            {
                IncomingFolder.Delete(staged.Path);
                Complete(staged, outcome);
            }
            else
            {
                // The staged file stays: the next start-up indexes it. The sender hears of the failure at its end.
                LogCommitFailed(staged.CallingAeTitle, hasher.RedactUids(errors[i] ?? "not indexed"));
                Complete(staged, IngestOutcome.Rejected(IngestStatus.OutOfResources, errors[i] ?? "not indexed"));
            }
        }
    }

    private void Forget(UnhashedInstance? bytes)
    {
        if (bytes is null) return;
        bytes.DataSet.Dispose();
        ReleaseMemory(bytes.MemoryFootprint);
    }

    private static void Complete(StagedInstance instance, IngestOutcome outcome)
    {
        instance.Outcome?.TrySetResult(outcome);
        instance.Unit.Committed(outcome, instance.Header.StudyInstanceUid);
    }

    [LoggerMessage(LogLevel.Warning, "Finishing {Count} instances an earlier run received but did not index (in {Folder})")]
    private partial void LogRecovering(int count, string folder);

    [LoggerMessage(LogLevel.Error, "A staged instance left by an earlier run cannot be read; moved aside: {Path}")]
    private partial void LogUnreadableLeftover(Exception e, string path);

    [LoggerMessage(LogLevel.Warning, "Indexing a batch failed (attempt {Attempt}); trying again")]
    private partial void LogIndexRetry(Exception e, int attempt);

    [LoggerMessage(LogLevel.Error, "Indexing a batch of {Count} instances failed; their staged files stay for the next start-up")]
    private partial void LogIndexFailed(Exception e, int count);

    [LoggerMessage(LogLevel.Error, "An instance from {Caller} was answered but could not be stored: {Reason}")]
    private partial void LogCommitFailed(string caller, string reason);
}
