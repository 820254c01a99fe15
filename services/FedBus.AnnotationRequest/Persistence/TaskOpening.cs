using FedBus.AnnotationRequest.Tasks;
using FedBus.AnnotationRequest.Triage;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedBus.AnnotationRequest.Persistence;

/// <summary>
/// Turns inference results into tasks: the policy decides, the budget releases, and every store write and
/// <see cref="AnnotationTaskCreated"/> goes into one unit of work. A result whose task id (derived from its prediction id)
/// is stored already has been decided: a redelivery — even one whose inbox record was lost — changes nothing.
/// </summary>
public sealed class TaskOpening(
    AnnotationStore store, TriageCatalog catalog, TaskLifecycle lifecycle, TransactionalOutbox outbox, [FromKeyedServices(AnnotationClock.Key)] TimeProvider time, ILogger<TaskOpening> logger)
{
    private const int Attempts = 5;

    /// <summary>Decides one result and adds the effect to <paramref name="work"/> (the consumer commits it with its inbox record).</summary>
    public async Task DecideAsync(InferenceCompleted result, UnitOfWork work, CancellationToken cancellationToken)
    {
        var taskId = TaskIds.ForPrediction(result.PredictionId);
        if (await store.GetAsync(taskId, cancellationToken) is not null)
        {
            AnnotationLog.AlreadyDecided(logger, taskId, result.PredictionId);
            return;
        }
        var decision = catalog.PolicyFor(result.ModelId).Evaluate(result);
        if (!decision.OpensTask)
        {
            AnnotationLog.NoTask(logger, result.PredictionId, result.ModelId, result.TriageScore);
            return;
        }

        var now = time.GetUtcNow();
        var planner = catalog.PlannerFor(result.ModelId);
        var candidate = TaskLifecycle.Candidate(result, decision, now);
        if (decision.IsAuditSample)
        {
            await OpenAuditSampleAsync(candidate, planner, work, now, cancellationToken);
            return;
        }
        if (planner.Options.DailyBudget is not null && planner.Options.HoldingWindow > TimeSpan.Zero)
        {
            // Held until its window closes; the sweep releases it with the rest of the window.
            work.Insert(store.Tasks, taskId.ToString(), candidate);
            AnnotationLog.CandidateHeld(logger, taskId, result.ModelId);
            return;
        }
        await ReleaseAsync(result.ModelId, planner, candidate, work, now, cancellationToken);
    }

    /// <summary>
    /// Releases held candidates of <paramref name="modelId"/> as far as the budget allows (the sweep calls it). Returns how
    /// many opened or were dropped.
    /// </summary>
    public async Task<int> ReleaseHeldAsync(string modelId, CancellationToken cancellationToken)
    {
        var planner = catalog.PlannerFor(modelId);
        for (var attempt = 1; ; attempt++)
        {
            var work = outbox.Begin(cancellationToken);
            var changed = await ReleaseAsync(modelId, planner, null, work, time.GetUtcNow(), cancellationToken);
            if (changed == 0) return 0;
            try
            {
                await outbox.CommitAsync(work, cancellationToken);
                return changed;
            }
            catch (Exception e) when (e is ConcurrencyConflictException or DuplicateDocumentException && attempt < Attempts)
            {
                // Another replica released (or a result arrived) meanwhile: plan again on what is stored now.
            }
        }
    }

    private async Task OpenAuditSampleAsync(AnnotationTask candidate, BudgetPlanner planner, UnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (planner.Options.AuditDailyBudget is { } cap)
        {
            var day = planner.DayKey(now);
            var ledger = await store.Ledgers.GetAsync(AnnotationStore.LedgerId(candidate.ModelId, day), cancellationToken);
            if ((ledger?.Document.AuditOpened ?? 0) >= cap)
            {
                AnnotationLog.AuditBudgetSpent(logger, candidate.PredictionId, candidate.ModelId);
                return;
            }
            CountInLedger(work, ledger, candidate.ModelId, day, opened: 0, audits: 1);
        }
        var opened = lifecycle.Open(candidate, candidate.Priority, now);
        work.Insert(store.Tasks, candidate.TaskId.ToString(), opened.Task);
        foreach (var e in opened.Events) work.Publish(e);
        AnnotationLog.TaskOpened(logger, candidate.TaskId, candidate.PredictionId, candidate.ModelId, string.Join(',', candidate.ReasonCodes), opened.Task.Priority);
    }

    /// <summary>Plans a release over the held candidates (and a new one) and adds its writes to the unit; returns how many changed.</summary>
    private async Task<int> ReleaseAsync(string modelId, BudgetPlanner planner, AnnotationTask? arriving, UnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = planner.Options;
        var held = await store.HeldAsync(modelId, cancellationToken);
        var candidates = held.Select(h => AnnotationStore.CandidateOf(h.Document)).ToList();
        if (arriving is not null) candidates.Add(AnnotationStore.CandidateOf(arriving));
        if (candidates.Count == 0) return 0;

        var day = planner.DayKey(now);
        Stored<BudgetLedger>? ledger = null;
        if (options.DailyBudget is not null)
            ledger = await store.Ledgers.GetAsync(AnnotationStore.LedgerId(modelId, day), cancellationToken);
        var opened = options.Strategy == TriageStrategy.Diverse
            ? await store.OpenedPositionsAsync(modelId, candidates.Select(c => c.Position.SeriesInstanceUid), cancellationToken)
            : [];

        var plan = planner.Plan(now, ledger?.Document.Opened ?? 0, candidates, opened);
        var heldById = held.ToDictionary(h => h.Document.TaskId);
        var changed = 0;
        foreach (var release in plan.Open)
        {
            var (task, version) = Find(release.Candidate.TaskId, heldById, arriving);
            var t = lifecycle.Open(task, release.Priority, now);
            Write(work, t.Task, version);
            foreach (var e in t.Events) work.Publish(e);
            AnnotationLog.TaskOpened(logger, task.TaskId, task.PredictionId, modelId, string.Join(',', task.ReasonCodes), release.Priority);
            changed++;
        }
        foreach (var drop in plan.Drop)
        {
            var (task, version) = Find(drop.Candidate.TaskId, heldById, arriving);
            Write(work, lifecycle.Drop(task, drop.Reason, now).Task, version);
            AnnotationLog.CandidateDropped(logger, task.TaskId, modelId, drop.Reason);
            changed++;
        }
        if (arriving is not null && !plan.Open.Any(o => o.Candidate.TaskId == arriving.TaskId) && !plan.Drop.Any(d => d.Candidate.TaskId == arriving.TaskId))
        {
            work.Insert(store.Tasks, arriving.TaskId.ToString(), arriving);
            AnnotationLog.CandidateHeld(logger, arriving.TaskId, modelId);
            changed++;
        }
        if (options.DailyBudget is not null && plan.Open.Count > 0)
            CountInLedger(work, ledger, modelId, day, plan.Open.Count, audits: 0);
        return changed;
    }

    private static (AnnotationTask Task, long? Version) Find(Guid taskId, Dictionary<Guid, Stored<AnnotationTask>> held, AnnotationTask? arriving) =>
        held.TryGetValue(taskId, out var stored) ? (stored.Document, stored.Version) : (arriving!, null);

    private void Write(UnitOfWork work, AnnotationTask task, long? version)
    {
        if (version is { } v) work.Replace(store.Tasks, task.TaskId.ToString(), task, v);
        else work.Insert(store.Tasks, task.TaskId.ToString(), task);
    }

    private void CountInLedger(UnitOfWork work, Stored<BudgetLedger>? ledger, string modelId, string day, int opened, int audits)
    {
        var id = AnnotationStore.LedgerId(modelId, day);
        if (ledger is null) work.Insert(store.Ledgers, id, new BudgetLedger(modelId, day, opened, audits));
        else work.Replace(store.Ledgers, id, ledger.Document with { Opened = ledger.Document.Opened + opened, AuditOpened = ledger.Document.AuditOpened + audits }, ledger.Version);
    }
}
