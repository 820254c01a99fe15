using FedBus.Contracts;
using FedBus.QualityControl.Review;
using FedBus.QualityControl.Rules;
using FedBus.QualityControl.Statistics;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.QualityControl.Service;

/// <summary>
/// A site administrator rejects a case QC had accepted (e.g. a reader shown as systematically off, a wrong patient):
/// the case leaves the training pool (CaseWithdrawn, its id derived from the case, so a repeat is the same event) and
/// its classes leave the site's histogram. Withdrawal is a human decision with a reason; QC never withdraws on its own.
/// </summary>
public sealed class CaseWithdrawals(QcStore store, TimeProvider time, ILogger<CaseWithdrawals> logger)
{
    public async Task<(WithdrawalOutcome Outcome, TaskRecord? Case)> WithdrawAsync(
        Guid caseId, string by, string reason, UnitOfWork work, CancellationToken cancellationToken)
    {
        var found = (await store.Tasks.FindAsync(DocumentFilter.Eq("caseId", caseId), new FindOptions(Limit: 1), cancellationToken)).FirstOrDefault();
        if (found is null || found.Document.State is not (TaskState.Accepted or TaskState.Withdrawn)) return (WithdrawalOutcome.NotFound, null);
        if (found.Document.State == TaskState.Withdrawn) return (WithdrawalOutcome.AlreadyWithdrawn, found.Document);

        var now = time.GetUtcNow();
        var flag = new QcFlag(QcCodes.WithdrawnByAdministrator, $"Withdrawn by {by}: {reason}");
        var task = found.Document with { State = TaskState.Withdrawn, Withdrawal = new CaseWithdrawal(by, now, [flag]), UpdatedAt = now };
        work.Replace(store.Tasks, found.Id, task, found.Version);

        var statistics = await store.Statistics.GetAsync(task.ModelId, cancellationToken);
        work.Put(store.Statistics, task.ModelId, statistics,
            (statistics?.Document ?? SiteStatisticsRecord.New(task.ModelId, now)).WithWithdrawal(task, now));
        work.Publish(new CaseWithdrawn(QcIds.Withdrawn(caseId), now, task.SiteId, caseId, task.TaskId, [flag]));
        QcLog.CaseWithdrawn(logger, caseId, by, reason);
        return (WithdrawalOutcome.Withdrawn, task);
    }
}
