using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Inference.Studies;

/// <summary>
/// Stages a study's prediction and skip records and their events on a unit of work: committed together or not at all,
/// the events published by the outbox. Records are keyed by ids derived from the study message, so a repeat of a
/// committed study is a duplicate and commits nothing.
/// </summary>
public sealed class OutcomeWriter(IDocumentStore store)
{
    public IDocumentCollection<PredictionRecord> Predictions { get; } = store.Collection<PredictionRecord>(PredictionRecord.Collection);

    public IDocumentCollection<SkipRecord> Skips { get; } = store.Collection<SkipRecord>(SkipRecord.Collection);

    public void Stage(InferenceOutcome outcome, UnitOfWork work)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(work);
        foreach (var p in outcome.Predictions) work.Insert(Predictions, p.PredictionId.ToString("D"), p);
        foreach (var s in outcome.Skips) work.Insert(Skips, s.EventId.ToString("D"), s);
        foreach (var p in outcome.Predictions) work.Publish(p.Completed);
        foreach (var s in outcome.Skips) work.Publish(s.Skipped);
    }
}
