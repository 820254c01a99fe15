using FedBus.Training.Dataset;
using FedBus.Training.Jobs;
using FedBus.Training.Models;
using FedBus.Training.Storage;

namespace FedBus.Training.Api;

/// <summary>Read models for the /training routes.</summary>
public sealed class TrainingQueries(TrainingStore store, SiteSplit split)
{
    public async Task<DatasetView> DatasetAsync(string modelId, CancellationToken cancellationToken)
    {
        var cases = (await store.Cases.FindAsync(DocumentFilter.Eq("modelId", modelId), cancellationToken: cancellationToken)).Select(s => s.Document).ToList();
        var local = (await store.LocalModels.GetAsync(TrainingStore.ModelKey(modelId), cancellationToken))?.Document;
        var active = cases.Where(c => c.State == CaseState.Active).ToList();
        var byClass = active.SelectMany(c => c.ClassIds.Select(k => (Class: k, c.IsValidation)))
            .GroupBy(x => x.Class).OrderBy(g => g.Key)
            .Select(g => new ClassCountView(g.Key, g.Count(x => !x.IsValidation), g.Count(x => x.IsValidation))).ToList();
        return new DatasetView(modelId, await split.FractionAsync(cancellationToken),
            active.Count(c => !c.IsValidation), active.Count(c => c.IsValidation),
            active.Count(c => local is null || c.AddedAt > local.DatasetAsOf),
            cases.Count(c => c.State == CaseState.Unusable), cases.Count(c => c.State == CaseState.Withdrawn), byClass);
    }

    public async Task<IReadOnlyList<TrainingJob>> JobsAsync(JobState? state, CancellationToken cancellationToken) =>
        (await store.Jobs.FindAsync(state is { } s ? DocumentFilter.Eq("state", s) : DocumentFilter.All, cancellationToken: cancellationToken))
        .Select(j => j.Document).OrderBy(j => j.RecordedAt).ToList();

    public async Task<TrainingJob?> JobAsync(string jobId, CancellationToken cancellationToken) =>
        (await store.Jobs.GetAsync(jobId, cancellationToken))?.Document;

    public async Task<IReadOnlyList<CurrentModelRecord>> CurrentModelsAsync(CancellationToken cancellationToken) =>
        (await store.CurrentModels.FindAsync(DocumentFilter.All, cancellationToken: cancellationToken)).Select(m => m.Document).ToList();
}
