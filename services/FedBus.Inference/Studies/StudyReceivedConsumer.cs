using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FedBus.Inference.Studies;

/// <summary>
/// Thin: runs the study through <see cref="StudyInference"/> and stages what it produced on the unit of work, which
/// the base commits with the inbox record (records, outbox entries, inbox completion in one batch).
/// </summary>
public sealed class StudyReceivedConsumer(
    StudyInference inference, OutcomeWriter writer, MessageInbox inbox, TransactionalOutbox outbox, ILogger<StudyReceivedConsumer> logger)
    : IdempotentConsumer<StudyReceived>(inbox, outbox, logger)
{
    protected override async Task ConsumeOnce(ConsumeContext<StudyReceived> context, UnitOfWork work)
    {
        var outcome = await inference.RunAsync(context.Message, work.CancellationToken);
        writer.Stage(outcome, work);
    }
}
