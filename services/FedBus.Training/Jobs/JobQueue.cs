using FedBus.Training.Storage;

namespace FedBus.Training.Jobs;

/// <summary>
/// The stored jobs as a queue: claim the next (validation before training, oldest first), renew a claim, finish one.
/// Every change is a replace at the version read, so two workers (replicas) never both run a job, and a consumer's
/// cancellation makes the worker's final commit fail rather than publish.
/// </summary>
public sealed class JobQueue(TrainingStore store, TrainingServiceOptions options, TimeProvider time)
{
    private static readonly JobState[] Open = [JobState.Pending, JobState.Running];

    /// <summary>Claims a job for <paramref name="owner"/>, or null when none is due. Jobs whose deadline passed are abandoned on the way.</summary>
    public async Task<Stored<TrainingJob>?> ClaimNextAsync(string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var open = await store.Jobs.FindAsync(DocumentFilter.In("state", Open), cancellationToken: cancellationToken);
        var due = new List<Stored<TrainingJob>>();
        foreach (var s in open)
        {
            var j = s.Document;
            var lapsed = j.State == JobState.Running && j.LeaseUntil < now;
            if (j.State == JobState.Running && !lapsed) continue;
            if (j.Deadline <= now)
            {
                await TryReplaceAsync(s, j with
                {
                    State = JobState.Abandoned, FinishedAt = now, LeaseUntil = null,
                    Reason = lapsed ? "Its run stopped (the process died) and the deadline has passed since." : "The deadline passed before it could run.",
                }, cancellationToken);
                continue;
            }
            if (lapsed && j.Attempts >= options.MaxJobAttempts)
            {
                await TryReplaceAsync(s, j with
                {
                    State = JobState.Failed, FinishedAt = now, LeaseUntil = null,
                    Reason = $"Its run stopped {j.Attempts} times (the process died each time); it is not tried again.",
                }, cancellationToken);
                continue;
            }
            if (j.NotBefore is { } notBefore && notBefore > now) continue;
            due.Add(s);
        }
        foreach (var s in due.OrderBy(s => s.Document.Kind == JobKind.Validation ? 0 : 1).ThenBy(s => s.Document.RecordedAt))
        {
            var claimed = await TryReplaceAsync(s, s.Document with
            {
                State = JobState.Running, Owner = owner, LeaseUntil = now + options.JobLease, Attempts = s.Document.Attempts + 1,
                StartedAt = now, NotBefore = null,
            }, cancellationToken);
            if (claimed is not null) return claimed;
        }
        return null;
    }

    /// <summary>Extends the lease; null when the job is no longer this owner's to run (cancelled, taken over, or past its deadline — then abandoned).</summary>
    public async Task<Stored<TrainingJob>?> RenewAsync(string jobId, string owner, CancellationToken cancellationToken)
    {
        var s = await store.Jobs.GetAsync(jobId, cancellationToken);
        if (s is null || s.Document.State != JobState.Running || s.Document.Owner != owner) return null;
        var now = time.GetUtcNow();
        if (s.Document.Deadline <= now)
        {
            await TryReplaceAsync(s, s.Document with
            {
                State = JobState.Abandoned, FinishedAt = now, LeaseUntil = null, Reason = "The deadline passed while it ran.",
            }, cancellationToken);
            return null;
        }
        // A conflict means someone changed it just now: the next beat reads it again.
        return await TryReplaceAsync(s, s.Document with { LeaseUntil = now + options.JobLease }, cancellationToken) ?? s;
    }

    /// <summary>Ends a run without a result: failed for good, or pending again after a delay while attempts remain.</summary>
    public async Task FailAsync(string jobId, string owner, string reason, bool permanent, CancellationToken cancellationToken)
    {
        var s = await store.Jobs.GetAsync(jobId, cancellationToken);
        if (s is null || s.Document.State != JobState.Running || s.Document.Owner != owner) return;
        var now = time.GetUtcNow();
        var retry = !permanent && s.Document.Attempts < options.MaxJobAttempts;
        await TryReplaceAsync(s, s.Document with
        {
            State = retry ? JobState.Pending : JobState.Failed,
            LeaseUntil = null,
            Owner = null,
            NotBefore = retry ? now + options.JobRetryDelay : null,
            FinishedAt = retry ? null : now,
            Reason = reason,
        }, cancellationToken);
    }

    public async Task<Stored<TrainingJob>?> GetAsync(string jobId, CancellationToken cancellationToken) =>
        await store.Jobs.GetAsync(jobId, cancellationToken);

    private async Task<Stored<TrainingJob>?> TryReplaceAsync(Stored<TrainingJob> s, TrainingJob next, CancellationToken cancellationToken)
    {
        try
        {
            return await store.Jobs.ReplaceAsync(s.Id, next, s.Version, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }
}
