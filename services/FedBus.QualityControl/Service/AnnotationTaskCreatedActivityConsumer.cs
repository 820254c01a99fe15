using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.QualityControl.Service;

/// <summary>Notes that a task was opened for a model, for the counts the hub sees.</summary>
public sealed class AnnotationTaskCreatedActivityConsumer(
    MessageInbox inbox, TransactionalOutbox outbox, SiteActivityRecorder recorder, ILogger<AnnotationTaskCreatedActivityConsumer> logger)
    : IdempotentConsumer<AnnotationTaskCreated>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<AnnotationTaskCreated> context, UnitOfWork work) =>
        recorder.RecordTaskAsync(context.Message, work, work.CancellationToken);
}
