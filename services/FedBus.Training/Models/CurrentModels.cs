using FedBus.Contracts;
using FedBus.Training.Storage;
using FedBus.ServiceDefaults.Federation.Weights;

namespace FedBus.Training.Models;

/// <summary>Keeps the site's current global model per ModelId: the publication with the highest number wins, whatever the order of delivery.</summary>
public sealed class CurrentModels(TrainingStore store, WeightClaimCheck claimCheck)
{
    public async Task AdoptAsync(GlobalModelPublished published, UnitOfWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        var key = TrainingStore.ModelKey(published.ModelId);
        var stored = await store.CurrentModels.GetAsync(key, cancellationToken);
        if (stored is not null && stored.Document.Publication >= published.Publication) return;
        // Inline weights are kept in the blob store (digest checked); a claim check for the hub is resolved when needed.
        if (published.Weights.Inline is not null) await claimCheck.ResolveAsync(published.Weights, cancellationToken);
        var record = new CurrentModelRecord(published.ModelId, published.ArchitectureId, published.Task, published.Labels, published.ModelVersion,
            published.Publication, published.Weights with { Inline = null }, published.IsRollback, published.OccurredAt, published.MessageId);
        if (stored is null) work.Insert(store.CurrentModels, key, record);
        else work.Replace(store.CurrentModels, key, record, stored.Version);
    }
}
