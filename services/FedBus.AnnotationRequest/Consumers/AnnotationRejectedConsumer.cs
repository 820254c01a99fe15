using FedBus.AnnotationRequest.Persistence;
using FedBus.AnnotationRequest.Tasks;
using FedBus.Contracts;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.AnnotationRequest.Consumers;

/// <summary>QC rejected a submission: the read goes back to its reader with the reasons.</summary>
public sealed class AnnotationRejectedConsumer(
    TaskCommands commands, TaskLifecycle lifecycle, FedBusOptions fedBus, MessageInbox inbox, TransactionalOutbox outbox, ILogger<AnnotationRejectedConsumer> logger)
    : IdempotentConsumer<AnnotationRejected>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<AnnotationRejected> context, UnitOfWork work)
    {
        var message = context.Message;
        if (!SiteScope.IsOwn(fedBus, message.SiteId))
        {
            AnnotationLog.OtherSite(logger, nameof(AnnotationRejected), message.SiteId, fedBus.SiteId!);
            return Task.CompletedTask;
        }
        return commands.ApplyAsync(message.TaskId, nameof(AnnotationRejected), (task, now) => lifecycle.Reject(task, message, now), work, work.CancellationToken);
    }
}
