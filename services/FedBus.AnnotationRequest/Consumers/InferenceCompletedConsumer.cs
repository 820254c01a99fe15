using FedBus.AnnotationRequest.Persistence;
using FedBus.Contracts;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.AnnotationRequest.Consumers;

/// <summary>An inference result may open a task (TaskId derived from PredictionId, so never two for one prediction).</summary>
public sealed class InferenceCompletedConsumer(
    TaskOpening opening, FedBusOptions fedBus, MessageInbox inbox, TransactionalOutbox outbox, ILogger<InferenceCompletedConsumer> logger)
    : IdempotentConsumer<InferenceCompleted>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<InferenceCompleted> context, UnitOfWork work)
    {
        if (!SiteScope.IsOwn(fedBus, context.Message.SiteId))
        {
            AnnotationLog.OtherSite(logger, nameof(InferenceCompleted), context.Message.SiteId, fedBus.SiteId!);
            return Task.CompletedTask;
        }
        return opening.DecideAsync(context.Message, work, work.CancellationToken);
    }
}
