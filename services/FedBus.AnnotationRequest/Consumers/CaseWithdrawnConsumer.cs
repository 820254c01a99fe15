using FedBus.AnnotationRequest.Persistence;
using FedBus.AnnotationRequest.Tasks;
using FedBus.Contracts;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.AnnotationRequest.Consumers;

/// <summary>QC withdrew an accepted case.</summary>
public sealed class CaseWithdrawnConsumer(
    TaskCommands commands, TaskLifecycle lifecycle, FedBusOptions fedBus, MessageInbox inbox, TransactionalOutbox outbox, ILogger<CaseWithdrawnConsumer> logger)
    : IdempotentConsumer<CaseWithdrawn>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<CaseWithdrawn> context, UnitOfWork work)
    {
        var message = context.Message;
        if (!SiteScope.IsOwn(fedBus, message.SiteId))
        {
            AnnotationLog.OtherSite(logger, nameof(CaseWithdrawn), message.SiteId, fedBus.SiteId!);
            return Task.CompletedTask;
        }
        return commands.ApplyAsync(message.TaskId, nameof(CaseWithdrawn), (task, now) => lifecycle.Withdraw(task, message, now), work, work.CancellationToken);
    }
}
