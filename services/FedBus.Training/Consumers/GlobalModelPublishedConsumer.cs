using FedBus.Contracts;
using FedBus.Training.Models;
using MassTransit;

namespace FedBus.Training.Consumers;

/// <summary>Keeps the site's current model per ModelId (for "current" metrics of candidate validation).</summary>
public sealed class GlobalModelPublishedConsumer(MessageInbox inbox, TransactionalOutbox outbox, CurrentModels models, ILogger<GlobalModelPublishedConsumer> logger)
    : IdempotentConsumer<GlobalModelPublished>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<GlobalModelPublished> context, UnitOfWork work) =>
        models.AdoptAsync(context.Message, work, work.CancellationToken);
}
