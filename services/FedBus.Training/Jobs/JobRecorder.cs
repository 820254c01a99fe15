using FedBus.Contracts;
using FedBus.Training.Storage;
using FedBus.ServiceDefaults.Federation.Weights;

namespace FedBus.Training.Jobs;

/// <summary>
/// What the round consumers do: record a job (never run it — training outlasts a broker's consumer timeout), note
/// another copy of the same round, or cancel a closed round's jobs. Inline weights go to the blob store on the way in
/// (digest checked), so the job document stays small and the worker resolves them like any claim check.
/// </summary>
public sealed partial class JobRecorder(TrainingStore store, WeightClaimCheck claimCheck, SiteIdentity site, TimeProvider time, ILogger<JobRecorder> logger)
{
    public async Task RecordRoundAsync(TrainingRoundStarted round, UnitOfWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        if (round.InvitedSites.Count > 0 && !round.InvitedSites.Contains(site.SiteId, StringComparer.Ordinal))
        {
            NotInvited(logger, round.RoundId);
            return;
        }
        var job = new TrainingJob(
            TrainingIds.RoundJob(round.RoundId, site.SiteId), JobKind.Round, round.RoundId, round.RoundNumber, round.ModelId, round.ArchitectureId,
            round.Task, round.Labels, round.BaseModelVersion, null, round.BaseWeights with { Inline = null }, round.Settings, round.Deadline,
            JobState.Pending, 0, null, null, null, time.GetUtcNow(), null, null, null, [], null, [round.MessageId]);
        await RecordAsync(job, round.BaseWeights, work, cancellationToken);
    }

    public async Task RecordValidationAsync(ValidateCandidateModel validate, UnitOfWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validate);
        if (!validate.Sites.Contains(site.SiteId, StringComparer.Ordinal)) return;
        var job = new TrainingJob(
            TrainingIds.ValidationJob(validate.RoundId, validate.CandidateVersion, site.SiteId), JobKind.Validation, validate.RoundId, 0,
            validate.ModelId, validate.ArchitectureId, default, null, validate.CurrentVersion, validate.CandidateVersion,
            validate.CandidateWeights with { Inline = null }, null, validate.Deadline, JobState.Pending, 0, null, null, null, time.GetUtcNow(),
            null, null, null, [], null, [validate.MessageId]);
        await RecordAsync(job, validate.CandidateWeights, work, cancellationToken);
    }

    /// <summary>The round is over at the hub: its jobs that have not finished stop (a running one is cancelled by its worker's next lease beat).</summary>
    public async Task CancelRoundAsync(TrainingRoundClosed closed, UnitOfWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var open = await store.Jobs.FindAsync(
            DocumentFilter.And(DocumentFilter.Eq("roundId", closed.RoundId), DocumentFilter.In("state", new[] { JobState.Pending, JobState.Running })),
            cancellationToken: cancellationToken);
        foreach (var j in open)
            work.Replace(store.Jobs, j.Id, j.Document with
            {
                State = JobState.Cancelled,
                FinishedAt = time.GetUtcNow(),
                Reason = $"The hub closed round {closed.RoundNumber} ({closed.Outcome}) before the job finished.",
                LeaseUntil = null,
            }, j.Version);
    }

    private async Task RecordAsync(TrainingJob job, ModelWeights weights, UnitOfWork work, CancellationToken cancellationToken)
    {
        var existing = await store.Jobs.GetAsync(job.JobId, cancellationToken);
        if (existing is not null)
        {
            var copy = job.CopiesSeen[0];
            if (!existing.Document.CopiesSeen.Contains(copy))
                work.Replace(store.Jobs, job.JobId, existing.Document with { CopiesSeen = [.. existing.Document.CopiesSeen, copy] }, existing.Version);
            return;
        }
        if (weights.Inline is not null)
        {
            try
            {
                await claimCheck.ResolveAsync(weights, cancellationToken);
            }
            catch (WeightsUnavailableException e)
            {
                job = job with { State = JobState.Failed, FinishedAt = time.GetUtcNow(), Reason = e.Message };
            }
        }
        if (job.Deadline <= time.GetUtcNow() && job.State == JobState.Pending)
            job = job with { State = JobState.Abandoned, FinishedAt = time.GetUtcNow(), Reason = "The job's deadline had passed when it arrived." };
        work.Insert(store.Jobs, job.JobId, job);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {RoundId} does not invite this site; no job recorded")]
    private static partial void NotInvited(ILogger logger, Guid roundId);
}
