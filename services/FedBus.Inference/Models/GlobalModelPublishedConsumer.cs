using FedBus.Contracts;
using FedBus.ServiceDefaults.Federation.Weights;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FedBus.Inference.Models;

/// <summary>
/// Adopts a published model for every task that follows its ModelId when its publication number is the highest seen
/// (rollbacks included): the weights go to the blob store, the record to the store (optimistic concurrency: replicas
/// racing on two publications converge on the higher one, committed with the inbox record), then this process loads it
/// from the record; other replicas load it before their next study. The model is loaded and checked before it is
/// recorded, so a file that does not fit the task never becomes current.
/// </summary>
public sealed class GlobalModelPublishedConsumer(
    InferenceTasks tasks, ModelCatalog catalog, WeightClaimCheck claimCheck, TimeProvider time, MessageInbox inbox, TransactionalOutbox outbox,
    ILogger<GlobalModelPublishedConsumer> logger)
    : IdempotentConsumer<GlobalModelPublished>(inbox, outbox, logger)
{
    protected override async Task ConsumeOnce(ConsumeContext<GlobalModelPublished> context, UnitOfWork work)
    {
        var message = context.Message;
        var following = tasks.All.Where(t => t.Options.ModelId == message.ModelId).ToList();
        if (following.Count == 0)
        {
            InferenceLog.ModelNotConfigured(logger, message.ModelId, message.Publication);
            return;
        }
        var matching = new List<InferenceTask>();
        foreach (var task in following)
        {
            if (task.Options.Kind == message.Task) matching.Add(task);
            else InferenceLog.KindMismatch(logger, message.ModelId, message.Publication, message.Task.ToString(), task.Name, task.Options.Kind.ToString());
        }
        if (matching.Count == 0) return;

        var cancellationToken = work.CancellationToken;
        var stored = await catalog.Records.GetAsync(message.ModelId, cancellationToken);
        if (stored is not null && stored.Document.Publication >= message.Publication)
        {
            InferenceLog.PublicationIgnored(logger, message.ModelId, message.Publication, stored.Document.Publication);
            await catalog.RefreshAsync(cancellationToken);
            return;
        }

        // Inline, the site's cache, or the hub by digest; SHA-256 checked on every read.
        var weights = await claimCheck.ResolveAsync(message.Weights, cancellationToken);
        var record = new ModelRecord(message.ModelId, message.ArchitectureId, message.Task, message.Labels, message.ModelVersion, message.Publication,
            message.IsRollback, message.Weights.WeightsSha256, weights.Length, message.MessageId, message.OccurredAt, time.GetUtcNow());
        // Load and check before recording: a model that cannot serve is rejected here, with its reason.
        ModelLoader.Load(record, weights).Release();

        if (stored is null) work.Insert(catalog.Records, message.ModelId, record);
        else work.Replace(catalog.Records, message.ModelId, record, stored.Version);
    }

    /// <summary>After the commit: this replica serves the new model at once.</summary>
    protected override Task OnApplied(ConsumeContext<GlobalModelPublished> context) => catalog.RefreshAsync(context.CancellationToken);
}
