using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Tests.Messaging;

public sealed class CountingStudyConsumer(MessageInbox inbox, EffectLog log, ILogger<CountingStudyConsumer> logger)
    : IdempotentConsumer<StudyReceived>(inbox, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<StudyReceived> context)
    {
        log.Applied.Enqueue(context.Message.MessageId);
        return Task.CompletedTask;
    }

    protected override Task OnAlreadyApplied(ConsumeContext<StudyReceived> context)
    {
        log.Skipped.Enqueue(context.Message.MessageId);
        return Task.CompletedTask;
    }
}
