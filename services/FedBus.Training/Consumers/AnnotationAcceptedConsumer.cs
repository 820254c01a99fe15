using FedBus.Contracts;
using FedBus.Training.Dataset;
using MassTransit;

namespace FedBus.Training.Consumers;

/// <summary>An accepted label joins the dataset as one case (prepared once; an unusable one is kept with its reason).</summary>
public sealed class AnnotationAcceptedConsumer(MessageInbox inbox, TransactionalOutbox outbox, CaseIntake intake, ILogger<AnnotationAcceptedConsumer> logger)
    : IdempotentConsumer<AnnotationAccepted>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<AnnotationAccepted> context, UnitOfWork work) =>
        intake.AcceptAsync(context.Message, work, work.CancellationToken);
}
