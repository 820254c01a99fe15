using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.QualityControl.Service;

/// <summary>The hub's pooled class distribution, for the drift check.</summary>
public sealed class FederationStatisticsConsumer(MessageInbox inbox, TransactionalOutbox outbox, FederationStatisticsRecorder recorder, ILogger<FederationStatisticsConsumer> logger)
    : IdempotentConsumer<FederationStatisticsPublished>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<FederationStatisticsPublished> context, UnitOfWork work) =>
        recorder.RecordAsync(context.Message, work, work.CancellationToken);
}
