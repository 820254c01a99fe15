using System.Threading.Channels;
using FedBus.Dicom;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Privacy;

namespace FedBus.Ingestion.Storing;

/// <summary>
/// Takes staged instances off the answer path: hashes each into the blob store (a hard link, no copy) and indexes them
/// in batches, then deletes the staged files. At start-up it first finishes what an earlier run left in the incoming
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

    /// <summary>Completes when what an earlier run left behind is indexed.</summary>
    public Task Recovered => _recovered.Task;

    public async ValueTask EnqueueAsync(StagedInstance instance, CancellationToken cancellationToken)
    {
        instance.Unit.Staged();
        try
        {
            await _queue.Writer.WriteAsync(instance, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // Not queued: the file stays for the next start-up; whoever waits on the unit hears it failed.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await index.EnsureIndexesAsync(stoppingToken);
        await RecoverAsync(stoppingToken);
        var batch = new List<StagedInstance>(options.CommitBatchSize);
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
            while (batch.Count < options.CommitBatchSize && _queue.Reader.TryRead(out var next)) batch.Add(next);
            await CommitAsync(batch, replay: false, stoppingToken);
            batch.Clear();
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
                await CommitAsync(batch, replay: true, cancellationToken);
                batch.Clear();
            }
            if (batch.Count > 0) await CommitAsync(batch, replay: true, cancellationToken);
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

    private async Task CommitAsync(List<StagedInstance> batch, bool replay, CancellationToken cancellationToken)
    {
        var refs = new BlobRef?[batch.Count];
        var errors = new string?[batch.Count];
        void Put(int i)
        {
            try
            {
                refs[i] = blobs.PutFile(batch[i].Path);
            }
            catch (IOException e)
            {
                errors[i] = $"the blob store could not take the instance: {e.Message}";
            }
        }
        // Hashing dominates a large batch: spread it over the cores (a small one is not worth the thread hops).
        if (batch.Count >= 4) Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Put);
        else for (var i = 0; i < batch.Count; i++) Put(i);

        var entries = new List<IndexEntry>(batch.Count);
        var positions = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (refs[i] is not { } blob) continue;
            var staged = batch[i];
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
            if (outcomes[i] is { } outcome)
            {
                IncomingFolder.Delete(batch[i].Path);
                Complete(batch[i], outcome);
            }
            else
            {
                // The staged file stays: the next start-up indexes it. The sender hears of the failure at its end.
                LogCommitFailed(batch[i].CallingAeTitle, hasher.RedactUids(errors[i] ?? "not indexed"));
                Complete(batch[i], IngestOutcome.Rejected(IngestStatus.OutOfResources, errors[i] ?? "not indexed"));
            }
        }
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
