using FedBus.AnnotationRequest.Persistence;
using FedBus.AnnotationRequest.Tasks;
using FedBus.Contracts;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.AnnotationRequest.Consumers;

/// <summary>QC accepted the task: it becomes a training case.</summary>
public sealed class AnnotationAcceptedConsumer(
    TaskCommands commands, TaskLifecycle lifecycle, FedBusOptions fedBus, MessageInbox inbox, TransactionalOutbox outbox, ILogger<AnnotationAcceptedConsumer> logger)
    : IdempotentConsumer<AnnotationAccepted>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<AnnotationAccepted> context, UnitOfWork work)
    {
        var message = context.Message;
        if (!SiteScope.IsOwn(fedBus, message.SiteId))
        {
            AnnotationLog.OtherSite(logger, nameof(AnnotationAccepted), message.SiteId, fedBus.SiteId!);
            return Task.CompletedTask;
        }
        return commands.ApplyAsync(message.TaskId, nameof(AnnotationAccepted), (task, now) => lifecycle.Accept(task, message, now), work, work.CancellationToken);
    }
}
