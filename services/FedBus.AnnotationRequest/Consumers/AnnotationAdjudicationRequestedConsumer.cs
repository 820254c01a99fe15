using FedBus.AnnotationRequest.Persistence;
using FedBus.AnnotationRequest.Tasks;
using FedBus.Contracts;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.AnnotationRequest.Consumers;

/// <summary>QC found double reads in disagreement: the task takes one more reader.</summary>
public sealed class AnnotationAdjudicationRequestedConsumer(
    TaskCommands commands, TaskLifecycle lifecycle, FedBusOptions fedBus, MessageInbox inbox, TransactionalOutbox outbox, ILogger<AnnotationAdjudicationRequestedConsumer> logger)
    : IdempotentConsumer<AnnotationAdjudicationRequested>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<AnnotationAdjudicationRequested> context, UnitOfWork work)
    {
        var message = context.Message;
        if (!SiteScope.IsOwn(fedBus, message.SiteId))
        {
            AnnotationLog.OtherSite(logger, nameof(AnnotationAdjudicationRequested), message.SiteId, fedBus.SiteId!);
            return Task.CompletedTask;
        }
        return commands.ApplyAsync(message.TaskId, nameof(AnnotationAdjudicationRequested), (task, now) => lifecycle.RequestAdjudication(task, message, now), work, work.CancellationToken);
    }
}
