using FedBus.Aggregation.Jobs;
using FedBus.Aggregation.Persistence;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.Aggregation.Consumers;

/// <summary>A site's update: accepted into its round or refused with the reason; the round's last answer wakes the aggregation job.</summary>
public sealed class ModelUpdateSubmittedConsumer(
    RoundCommands commands, AggregationSignal signal, MessageInbox inbox, TransactionalOutbox outbox, ILogger<ModelUpdateSubmittedConsumer> logger)
    : IdempotentConsumer<ModelUpdateSubmitted>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<ModelUpdateSubmitted> context, UnitOfWork work) =>
        commands.StageUpdateAsync(context.Message, work, work.CancellationToken);

    protected override Task OnApplied(ConsumeContext<ModelUpdateSubmitted> context)
    {
        signal.Wake();
        return Task.CompletedTask;
    }
}
