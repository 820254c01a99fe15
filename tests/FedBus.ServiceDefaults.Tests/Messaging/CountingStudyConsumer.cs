using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Tests.Messaging;

/// <summary>Records each attempt, and commits its effect (a document named after the message) through the unit of work.</summary>
public sealed class CountingStudyConsumer(
    MessageInbox inbox, TransactionalOutbox outbox, IDocumentStore store, EffectLog log, CountingBehaviour behaviour, ILogger<CountingStudyConsumer> logger)
    : IdempotentConsumer<StudyReceived>(inbox, outbox, logger)
{
    public const string EffectsCollection = "counting_effects";

    protected override async Task ConsumeOnce(ConsumeContext<StudyReceived> context, UnitOfWork work)
    {
        log.Attempts.Enqueue(context.Message.MessageId);
        work.Insert(store.Collection<CountedEffect>(EffectsCollection), DeterministicId.Derive(context.Message.MessageId, "counted").ToString("N"),
            new CountedEffect(context.Message.MessageId));
        if (behaviour.EffectDuration > TimeSpan.Zero) await Task.Delay(behaviour.EffectDuration, work.CancellationToken);
        if (behaviour.ShouldFail()) throw new InvalidOperationException("test: this attempt fails after adding its writes");
    }

    protected override Task OnApplied(ConsumeContext<StudyReceived> context)
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
