using FedBus.Contracts;
using FedBus.Training.Jobs;
using MassTransit;

namespace FedBus.Training.Consumers;

/// <summary>Records the round's job; the job worker trains, off the message thread.</summary>
public sealed class TrainingRoundStartedConsumer(MessageInbox inbox, TransactionalOutbox outbox, JobRecorder recorder, JobSignal signal, ILogger<TrainingRoundStartedConsumer> logger)
    : IdempotentConsumer<TrainingRoundStarted>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<TrainingRoundStarted> context, UnitOfWork work) =>
        recorder.RecordRoundAsync(context.Message, work, work.CancellationToken);

    protected override Task OnApplied(ConsumeContext<TrainingRoundStarted> context)
    {
        signal.Notify();
        return Task.CompletedTask;
    }
}
