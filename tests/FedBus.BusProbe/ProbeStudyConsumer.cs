using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FedBus.BusProbe;

public sealed class ProbeStudyConsumer(MessageInbox inbox, IDocumentStore store, ILogger<ProbeStudyConsumer> logger)
    : IdempotentConsumer<StudyReceived>(inbox, logger)
{
    public const string EffectsCollection = "probe-effects";

    protected override async Task ConsumeOnce(ConsumeContext<StudyReceived> context)
    {
        await store.Collection<ProbeEffect>(EffectsCollection).InsertAsync(
            Guid.NewGuid().ToString("N"), new ProbeEffect(context.Message.MessageId, Environment.ProcessId, DateTimeOffset.UtcNow));
        Console.WriteLine($"APPLIED {context.Message.MessageId} study={context.Message.StudyInstanceUid} pid={Environment.ProcessId}");
    }

    protected override Task OnAlreadyApplied(ConsumeContext<StudyReceived> context)
    {
        Console.WriteLine($"SKIPPED {context.Message.MessageId} redelivered={context.ReceiveContext.Redelivered} pid={Environment.ProcessId}");
        return Task.CompletedTask;
    }
}
