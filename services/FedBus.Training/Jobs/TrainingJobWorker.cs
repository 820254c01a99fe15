using FedBus.Learning;
using FedBus.ServiceDefaults.Privacy;
using FedBus.Training.Storage;

namespace FedBus.Training.Jobs;

/// <summary>
/// The site's one job worker: claims a job, runs it off the message thread while renewing its lease (and noticing a
/// cancellation or a passed deadline), and commits the job's completion together with its message through the outbox —
/// so an update is published if and only if its job is Completed. A stopped or crashed host leaves its job Running; its
/// lease lapses and the next claim runs it again (deadline and attempts permitting) or abandons it.
/// </summary>
public sealed partial class TrainingJobWorker(
    JobQueue queue, JobRunner runner, JobSignal signal, TrainingStore store, TransactionalOutbox outbox, TrainingServiceOptions options,
    TimeProvider time, IdentifierHasher hasher, ILogger<TrainingJobWorker> logger) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            Stored<TrainingJob>? job;
            try
            {
                job = await queue.ClaimNextAsync(_owner, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                StoreFailed(logger, hasher.Redact(e));
                job = null;
            }
            if (job is null)
            {
                try
                {
                    await signal.WaitAsync(options.JobPollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            await RunAsync(job.Document, stoppingToken);
        }
    }

    private async Task RunAsync(TrainingJob job, CancellationToken stoppingToken)
    {
        JobStarted(logger, job.JobId, job.Kind, job.RoundId, job.Attempts);
        try
        {
            EnsureTorch(options.TorchThreads);
        }
        catch (InvalidOperationException e)
        {
            // libtorch did not load: the job fails with the reason (and the service keeps serving its dataset and API).
            await FailAsync(job, e.Message, permanent: false);
            return;
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var run = runner.RunAsync(job, cancel.Token);
        while (!run.IsCompleted)
        {
            try
            {
                await Task.WhenAny(run, Task.Delay(options.JobLease / 3, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (run.IsCompleted || stoppingToken.IsCancellationRequested) break;
            try
            {
                if (await queue.RenewAsync(job.JobId, _owner, stoppingToken) is null)
                {
                    JobStopped(logger, job.JobId);
                    await cancel.CancelAsync();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                StoreFailed(logger, hasher.Redact(e));
            }
        }

        JobOutcome outcome;
        try
        {
            outcome = await run;
        }
        catch (OperationCanceledException)
        {
            // Stopping: the job stays Running and is taken over when its lease lapses. Cancelled or abandoned: already recorded.
            return;
        }
        catch (JobPermanentException e)
        {
            var reason = hasher.RedactUids(e.Message);
            JobFailed(logger, job.JobId, reason);
            await FailAsync(job, reason, permanent: true);
            return;
        }
        catch (Exception e)
        {
            // Exceptions of the instance source or the store may name UIDs or document ids: redacted in the log and the job.
            var redacted = hasher.Redact(e);
            JobError(logger, job.JobId, redacted);
            await FailAsync(job, $"{e.GetType().Name}: {hasher.RedactUids(e.Message)}", permanent: false);
            return;
        }
        await CompleteAsync(job, outcome, stoppingToken);
    }

    private async Task CompleteAsync(TrainingJob job, JobOutcome outcome, CancellationToken stoppingToken)
    {
        try
        {
            var current = await queue.GetAsync(job.JobId, stoppingToken);
            if (current is null || current.Document.State != JobState.Running || current.Document.Owner != _owner)
            {
                ResultDropped(logger, job.JobId, current?.Document.State);
                return;
            }
            var work = outbox.Begin(stoppingToken);
            work.Replace(store.Jobs, job.JobId, current.Document with
            {
                State = JobState.Completed, FinishedAt = time.GetUtcNow(), LeaseUntil = null, Metrics = outcome.Metrics,
                ResultMessageId = outcome.Message.MessageId, Reason = null,
            }, current.Version);
            work.Publish(outcome.Message);
            if (outcome.LocalModel is { } local)
            {
                var key = TrainingStore.ModelKey(local.ModelId);
                var stored = await store.LocalModels.GetAsync(key, stoppingToken);
                if (stored is null) work.Insert(store.LocalModels, key, local);
                else work.Replace(store.LocalModels, key, local, stored.Version);
            }
            await outbox.CommitAsync(work, CancellationToken.None);
            JobCompleted(logger, job.JobId, job.Kind, outcome.Message.MessageId);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or DuplicateDocumentException)
        {
            // Cancelled or taken over between the read and the commit: nothing was committed, nothing is published.
            ResultDropped(logger, job.JobId, null);
        }
        catch (OperationCanceledException)
        {
            // Stopping before the commit: the job runs again after its lease lapses.
        }
    }

    /// <summary>
    /// TorchSharp once per process, at the first job (not at start-up: a site without rounds never loads libtorch). A
    /// composed host may have pinned it already (inference, another site of the demo): that thread count stays.
    /// </summary>
    private static void EnsureTorch(int threads)
    {
        if (TorchRuntime.Threads != 0) return;
        try
        {
            TorchRuntime.Initialize(threads);
        }
        catch (InvalidOperationException) when (TorchRuntime.Threads != 0)
        {
            // Another host in this process won the race with its own thread count; use it.
        }
    }

    private async Task FailAsync(TrainingJob job, string reason, bool permanent)
    {
        try
        {
            await queue.FailAsync(job.JobId, _owner, reason, permanent, CancellationToken.None);
        }
        catch (Exception e)
        {
            StoreFailed(logger, hasher.Redact(e));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({Kind}, round {RoundId}) started, attempt {Attempt}")]
    private static partial void JobStarted(ILogger logger, string jobId, JobKind kind, Guid roundId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({Kind}) completed; message {MessageId} committed to the outbox")]
    private static partial void JobCompleted(ILogger logger, string jobId, JobKind kind, Guid messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} is no longer this worker's to run (cancelled, taken over or past its deadline); stopping it")]
    private static partial void JobStopped(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} finished but was no longer this worker's (state {State}); its result is dropped")]
    private static partial void ResultDropped(ILogger logger, string jobId, JobState? state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed for good: {Reason}")]
    private static partial void JobFailed(ILogger logger, string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed; it runs again while attempts remain")]
    private static partial void JobError(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The job store could not be read or written; trying again")]
    private static partial void StoreFailed(ILogger logger, Exception exception);
}
