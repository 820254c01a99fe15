using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;

namespace FedBus.QualityControl.Service;

/// <summary>Notes that a study arrived at the site, for the counts the hub sees.</summary>
public sealed class StudyReceivedActivityConsumer(MessageInbox inbox, TransactionalOutbox outbox, SiteActivityRecorder recorder, ILogger<StudyReceivedActivityConsumer> logger)
    : IdempotentConsumer<StudyReceived>(inbox, outbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<StudyReceived> context, UnitOfWork work) =>
        recorder.RecordStudyAsync(context.Message, work, work.CancellationToken);
}
