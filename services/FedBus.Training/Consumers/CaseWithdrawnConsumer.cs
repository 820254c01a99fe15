using FedBus.Contracts;
using FedBus.Training.Dataset;
using MassTransit;

namespace FedBus.Training.Consumers;

/// <summary>A withdrawn case leaves the dataset (also when the withdrawal overtakes the acceptance).</summary>
public sealed class CaseWithdrawnConsumer(MessageInbox inbox, TransactionalOutbox outbox, CaseIntake intake, ILogger<CaseWithdrawnConsumer> logger)
    : IdempotentConsumer<CaseWithdrawn>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<CaseWithdrawn> context, UnitOfWork work) =>
        intake.WithdrawAsync(context.Message, work, work.CancellationToken);
}
