using FedBus.Ingestion.Index;
using FedBus.Ingestion.Storing;

namespace FedBus.Ingestion.Studies;

/// <summary>
/// Joins the completion rule (<see cref="StudyCompletionTracker"/>) to the index and the publisher: opens a study
/// when its first new instance arrives, and publishes it when the rule says it is complete.
/// </summary>
public sealed class StudyCompletion(
    StudyCompletionTracker tracker, StudyLocks locks, StudyIndex index, StudyPublisher publisher, TimeProvider time, ILogger<StudyCompletion> logger)
{
    public StudyCompletionTracker Tracker => tracker;

    public async Task InstanceStoredAsync(InstanceHeader header, string callingAeTitle, Guid? associationId, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(header.StudyInstanceUid, cancellationToken);
        var now = time.GetUtcNow();
        if (!tracker.InstanceReceived(header.StudyInstanceUid, associationId, now)) return;
        await index.OpenStudyAsync(new StudyRecord(
            header.StudyInstanceUid, header.Study, callingAeTitle, now, StudyState.Receiving, 1, now, 0, null, 0), now, cancellationToken);
    }

    public async Task AssociationEndedAsync(Guid associationId, bool released, CancellationToken cancellationToken)
    {
        foreach (var study in tracker.AssociationEnded(associationId, released))
            await CompleteAsync(study, released ? "association released" : "association ended", cancellationToken);
    }

    public async Task CompleteSettledAsync(CancellationToken cancellationToken)
    {
        foreach (var study in tracker.TakeSettled(time.GetUtcNow()))
            await CompleteAsync(study, $"no new instance for {tracker.SettleTime.TotalSeconds:0} s", cancellationToken);
    }

    /// <summary>Studies left receiving by an earlier run settle from now on.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var receiving = await index.Studies.FindAsync(ServiceDefaults.Storage.DocumentFilter.Eq("state", StudyState.Receiving), cancellationToken: cancellationToken);
        foreach (var study in receiving) tracker.InstanceReceived(study.Id, null, time.GetUtcNow());
        if (receiving.Count > 0) logger.LogInformation("{Count} studies were still receiving at start-up; they complete after the settle time", receiving.Count);
    }

    private async Task CompleteAsync(string studyInstanceUid, string why, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(studyInstanceUid, cancellationToken);
        try
        {
            await publisher.PublishIfDueAsync(studyInstanceUid, why, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Left in the index as receiving: the next start-up (or the next instance) completes it again.
            logger.LogError(e, "Could not complete study {StudyInstanceUid}; it stays receiving and will be retried", studyInstanceUid);
            tracker.InstanceReceived(studyInstanceUid, null, time.GetUtcNow());
        }
    }
}
