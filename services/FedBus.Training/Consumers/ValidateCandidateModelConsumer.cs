using FedBus.Contracts;
using FedBus.Training.Jobs;
using MassTransit;

namespace FedBus.Training.Consumers;

/// <summary>Records a validation job (run ahead of training jobs) when the hub lists this site.</summary>
public sealed class ValidateCandidateModelConsumer(MessageInbox inbox, TransactionalOutbox outbox, JobRecorder recorder, JobSignal signal, ILogger<ValidateCandidateModelConsumer> logger)
    : IdempotentConsumer<ValidateCandidateModel>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<ValidateCandidateModel> context, UnitOfWork work) =>
        recorder.RecordValidationAsync(context.Message, work, work.CancellationToken);

    protected override Task OnApplied(ConsumeContext<ValidateCandidateModel> context)
    {
        signal.Notify();
        return Task.CompletedTask;
    }
}
