using FedBus.Ingestion.Index;
using FedBus.Ingestion.Storing;
using FedBus.ServiceDefaults.Privacy;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Ingestion.Studies;

/// <summary>
/// Joins the completion rules to the stored study records and the publisher: an association's end updates the studies
/// it sent, and a periodic sweep completes the studies that have settled — on whichever replica gets there first — and
/// keeps the studies of this process's open associations alive for the others.
/// </summary>
public sealed partial class StudyCompletion(
    StudyIndex index, StudyCompletionRules rules, StudyPublisher publisher, IngestUnits units, TimeProvider time, IdentifierHasher hasher, ILogger<StudyCompletion> logger)
{
    public StudyCompletionRules Rules => rules;

    /// <summary>
    /// An association is about to answer its first instance of a study: it becomes a sender of the receiving study (or
    /// opens it) before that answer, so that no other association's release, on any replica, completes the study while
    /// this one's instances wait to be indexed. A complete study is left to the index batch, which reopens it only for
    /// instances it does not have.
    /// </summary>
    public async Task SenderStartsAsync(IngestUnit unit, InstanceHeader header, CancellationToken cancellationToken)
    {
        if (unit.AssociationId is not { } association) return;
        var now = time.GetUtcNow();
        await index.UpdateStudyAsync(header.StudyInstanceUid, study => study switch
        {
            null => rules.InstancesArrived(rules.Open(header.StudyInstanceUid, header.Study, unit.CallingAeTitle, now), association, now),
            { State: StudyState.Receiving } when study.Senders.All(s => s.AssociationId != association) => rules.InstancesArrived(study, association, now),
            _ => null,
        }, cancellationToken);
    }

    public async Task AssociationEndedAsync(IngestUnit unit, bool released, CancellationToken cancellationToken)
    {
        if (unit.AssociationId is not { } association) return;
        foreach (var study in unit.StudiesSent)
        {
            try
            {
                var stored = await index.UpdateStudyAsync(study, s => s is null ? null : rules.AssociationEnded(s, association, released), cancellationToken);
                if (stored is not null && rules.IsCompleteNow(stored.Document))
                    await publisher.PublishIfDueAsync(study, "association released", cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // It stays receiving: the sweep completes it after the settle time.
                LogEndFailed(hasher.Redact(e));
            }
        }
    }

    /// <summary>
    /// Completes every receiving study that has settled. A study released by its last sender is left to the replica
    /// that released it; should that claim fail, the study settles. So, in the usual case, one replica claims a study
    /// at a time, even on a store whose transactions do not isolate concurrent writers of one document (jongodb): the
    /// claim and its StudyReceived commit in one outbox unit, and only real MongoDB and LiteDB refuse the second of two
    /// concurrent claims inside a transaction.
    /// </summary>
    public async Task CompleteSettledAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var receiving = await index.Studies.FindAsync(DocumentFilter.Eq("state", StudyState.Receiving), cancellationToken: cancellationToken);
        foreach (var study in receiving.Where(s => rules.IsSettled(s.Document, now)))
        {
            try
            {
                await publisher.PublishIfDueAsync(study.Id, $"no new instance for {rules.SettleTime.TotalSeconds:0} s", cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSettleFailed(hasher.Redact(e));
            }
        }
    }

    /// <summary>Tells the other replicas that this process's open associations are still sending their studies.</summary>
    public async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var unit in units.All)
        {
            if (unit.AssociationId is not { } association) continue;
            foreach (var study in unit.StudiesSent)
                await index.UpdateStudyAsync(study, s => s is null ? null : rules.StillSending(s, association, now), cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Error, "Could not record the end of an association on a study; it completes after the settle time")]
    private partial void LogEndFailed(Exception e);

    [LoggerMessage(LogLevel.Error, "Could not complete a settled study; the next sweep tries again")]
    private partial void LogSettleFailed(Exception e);
}
