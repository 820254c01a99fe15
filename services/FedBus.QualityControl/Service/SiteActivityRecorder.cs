using FedBus.Contracts;
using FedBus.QualityControl.Statistics;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.QualityControl.Service;

/// <summary>
/// Notes the site's studies and opened tasks as <see cref="ActivityRecord"/>s, and folds those not yet counted into
/// each model's <see cref="SiteStatisticsRecord"/> (studies count for every model the site reports on; tasks for their
/// own model) — aggregates only: nothing about a study but that it arrived leaves the site.
/// </summary>
public sealed class SiteActivityRecorder(QcStore store, TimeProvider time)
{
    /// <summary>The activity id of a study: one per Study Instance UID, however often it is announced.</summary>
    public static string StudyKey(string studyInstanceUid) =>
        DeterministicId.Derive(Guid.Empty, "qc-activity-study:" + studyInstanceUid).ToString("N");

    public Task RecordStudyAsync(StudyReceived study, UnitOfWork work, CancellationToken cancellationToken) =>
        NoteAsync(StudyKey(study.StudyInstanceUid), new ActivityRecord(ActivityRecord.Study, null, false, time.GetUtcNow()), work, cancellationToken);

    public Task RecordTaskAsync(AnnotationTaskCreated task, UnitOfWork work, CancellationToken cancellationToken) =>
        NoteAsync(task.TaskId.ToString("N"), new ActivityRecord(ActivityRecord.Task, task.ModelId, false, time.GetUtcNow()), work, cancellationToken);

    /// <summary>
    /// Stages every uncounted activity as counted on <paramref name="work"/> and returns the statistics records with the
    /// activity added (by model, with the stored record they replace, or null for a new one): the caller stages their
    /// writes in the same unit. Studies wait until the site has at least one model to count them for.
    /// </summary>
    public async Task<Dictionary<string, (Stored<SiteStatisticsRecord>? Stored, SiteStatisticsRecord Record)>> StageFoldAsync(
        UnitOfWork work, CancellationToken cancellationToken)
    {
        var folded = new Dictionary<string, (Stored<SiteStatisticsRecord>?, SiteStatisticsRecord)>(StringComparer.Ordinal);
        var pending = await store.Activity.FindAsync(DocumentFilter.Eq("folded", false), cancellationToken: cancellationToken);
        if (pending.Count == 0) return folded;
        var now = time.GetUtcNow();
        var tasksByModel = pending.Where(a => a.Document is { Kind: ActivityRecord.Task, ModelId: not null })
            .GroupBy(a => a.Document.ModelId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var studies = pending.Where(a => a.Document.Kind == ActivityRecord.Study).ToList();

        var records = (await store.Statistics.FindAsync(DocumentFilter.All, cancellationToken: cancellationToken))
            .ToDictionary(s => s.Id, s => (Stored: (Stored<SiteStatisticsRecord>?)s, Record: s.Document), StringComparer.Ordinal);
        foreach (var model in tasksByModel.Keys.Where(m => !records.ContainsKey(m)))
            records[model] = (null, SiteStatisticsRecord.New(model, now));
        var countStudies = records.Count > 0;
        foreach (var (model, (stored, record)) in records)
        {
            var updated = record.WithActivity(countStudies ? studies.Count : 0, tasksByModel.GetValueOrDefault(model), now);
            if (!ReferenceEquals(updated, record)) folded[model] = (stored, updated);
        }
        foreach (var a in pending.Where(a => a.Document.Kind == ActivityRecord.Task || countStudies))
            work.Replace(store.Activity, a.Id, a.Document with { Folded = true }, a.Version);
        return folded;
    }

    private async Task NoteAsync(string id, ActivityRecord activity, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (await store.Activity.GetAsync(id, cancellationToken) is null) work.Insert(store.Activity, id, activity);
    }
}
