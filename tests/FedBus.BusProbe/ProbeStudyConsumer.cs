using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FedBus.BusProbe;

/// <summary>
/// Applies StudyReceived once per id: the effect is a document named after the message, committed through the unit of
/// work with the inbox record. Reports each step on stdout for the test. With --hang-in-effect it stalls inside the
/// effect of a first delivery (not of a redelivery), so a test can kill it there.
/// </summary>
public sealed class ProbeStudyConsumer(
    MessageInbox inbox, TransactionalOutbox outbox, IDocumentStore store, ProbeOptions options, LatencyLog latency, ILogger<ProbeStudyConsumer> logger)
    : IdempotentConsumer<StudyReceived>(inbox, outbox, logger)
{
    public const string EffectsCollection = "probe_effects";

    protected override async Task ConsumeOnce(ConsumeContext<StudyReceived> context, UnitOfWork work)
    {
        var id = context.Message.MessageId;
        var redelivered = context.ReceiveContext.Redelivered;
        if (context.Message.AccessionNumber != "outbox") ProbeOutput.Line($"EFFECT-STARTED {id} redelivered={redelivered} pid={Environment.ProcessId}");
        if (options.HangInEffect && !redelivered)
            await Task.Delay(Timeout.Infinite, work.CancellationToken);
        work.Insert(store.Collection<ProbeEffect>(EffectsCollection), DeterministicId.Derive(id, "probe-effect").ToString("N"),
            new ProbeEffect(id, Environment.ProcessId, DateTimeOffset.UtcNow));
    }

    protected override Task OnApplied(ConsumeContext<StudyReceived> context)
    {
        if (context.Message.AccessionNumber == "outbox")
        {
            latency.Done(context.Message.MessageId);
            return Task.CompletedTask;
        }
        ProbeOutput.Line($"APPLIED {context.Message.MessageId} study={context.Message.StudyInstanceUid} pid={Environment.ProcessId}");
        return Task.CompletedTask;
    }

    protected override Task OnAlreadyApplied(ConsumeContext<StudyReceived> context)
    {
        ProbeOutput.Line($"SKIPPED {context.Message.MessageId} redelivered={context.ReceiveContext.Redelivered} pid={Environment.ProcessId}");
        return Task.CompletedTask;
    }
}
