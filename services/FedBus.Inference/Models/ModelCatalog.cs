using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.Logging;

namespace FedBus.Inference.Models;

/// <summary>
/// This process's models, one <see cref="ModelSlot"/> per configured task, kept in step with the adopted
/// <see cref="ModelRecord"/>s in the store: a replica that did not see a publication itself (competing consumers)
/// picks the model up before its next study.
/// </summary>
public sealed class ModelCatalog
{
    private readonly IDocumentCollection<ModelRecord> records;
    private readonly IBlobStore blobs;
    private readonly ILogger<ModelCatalog> logger;

    public ModelCatalog(InferenceTasks tasks, IDocumentStore store, IBlobStore blobs, ILogger<ModelCatalog> logger)
    {
        Slots = tasks.All.Select(t => t.Slot).ToList();
        records = store.Collection<ModelRecord>(ModelRecord.Collection);
        this.blobs = blobs;
        this.logger = logger;
    }

    public IReadOnlyList<ModelSlot> Slots { get; }

    public IDocumentCollection<ModelRecord> Records => records;

    /// <summary>Loads the stored current model of every task whose slot holds an older one (or none).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var slot in Slots)
        {
            var stored = await records.GetAsync(slot.Options.ModelId, cancellationToken);
            if (stored is null || stored.Document.Publication <= slot.CurrentPublication) continue;
            await slot.Loading.WaitAsync(cancellationToken);
            try
            {
                if (stored.Document.Publication <= slot.CurrentPublication) continue;
                var bytes = await blobs.ReadAllBytesAsync(stored.Document.WeightsSha256, cancellationToken);
                Adopt(slot, ModelLoader.Load(stored.Document, bytes));
            }
            finally
            {
                slot.Loading.Release();
            }
        }
    }

    /// <summary>Offers a loaded model to every slot of its ModelId (each slot gets its own copy: models are not thread-safe).</summary>
    public void Adopt(ModelSlot slot, LoadedModel model)
    {
        if (slot.Offer(model))
            InferenceLog.ModelAdopted(logger, slot.TaskName, model.Record.ModelId, model.Record.ModelVersion, model.Record.Publication, model.Profile is not null);
    }
}
