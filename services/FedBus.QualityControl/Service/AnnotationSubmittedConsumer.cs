using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.QualityControl.Service;

/// <summary>
/// Reviews each submitted label once (see <see cref="AnnotationReviewer"/>): the verdict, the case and their events are
/// committed with the inbox record in one batch, and published by the outbox.
/// </summary>
public sealed class AnnotationSubmittedConsumer(MessageInbox inbox, TransactionalOutbox outbox, AnnotationReviewer reviewer, ILogger<AnnotationSubmittedConsumer> logger)
    : IdempotentConsumer<AnnotationSubmitted>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<AnnotationSubmitted> context, UnitOfWork work) =>
        reviewer.ReviewAsync(context.Message, work, work.CancellationToken);
}
