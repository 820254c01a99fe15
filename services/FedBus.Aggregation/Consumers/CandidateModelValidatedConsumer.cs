using FedBus.Aggregation.Persistence;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.Aggregation.Consumers;

/// <summary>A participant's validation of a candidate; the last one lets the gate publish or reject it.</summary>
public sealed class CandidateModelValidatedConsumer(
    RoundCommands commands, MessageInbox inbox, TransactionalOutbox outbox, ILogger<CandidateModelValidatedConsumer> logger)
    : IdempotentConsumer<CandidateModelValidated>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<CandidateModelValidated> context, UnitOfWork work) =>
        commands.StageValidationAsync(context.Message, work, work.CancellationToken);
}
