using FedBus.Contracts;
using FedBus.Training.Jobs;
using MassTransit;

namespace FedBus.Training.Consumers;

/// <summary>A closed round's unfinished jobs are cancelled; a running one stops at its worker's next lease beat and publishes nothing.</summary>
public sealed class TrainingRoundClosedConsumer(MessageInbox inbox, TransactionalOutbox outbox, JobRecorder recorder, ILogger<TrainingRoundClosedConsumer> logger)
    : IdempotentConsumer<TrainingRoundClosed>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<TrainingRoundClosed> context, UnitOfWork work) =>
        recorder.CancelRoundAsync(context.Message, work, work.CancellationToken);
}
