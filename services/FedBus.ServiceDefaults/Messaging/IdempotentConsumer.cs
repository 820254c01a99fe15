using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// Base for consumers whose effect must be applied once per message id, however often the message is delivered.
/// <para>
/// <b>Guaranteed:</b> the store writes and the messages the consumer adds to its <see cref="UnitOfWork"/> are committed
/// together with this consumer's inbox record for <see cref="IFedBusMessage.MessageId"/>, in one batch — so for each
/// (consumer, message id) they are committed exactly once: a repeated delivery, on this replica or another, finds the
/// record and skips (<see cref="OnAlreadyApplied"/>); a delivery whose process died before its commit left nothing, and
/// the redelivery applies the message. The messages are published after the commit, at least once (the outbox).
/// </para>
/// <para>
/// <b>Not guaranteed:</b> anything else the consumer does — blob writes, computation, HTTP calls, writes made directly on
/// the store, messages published through the context or IBus — may happen again when a delivery is retried or
/// redelivered (blobs are content-addressed, so rewriting one is harmless). Name the effect's documents and events with
/// ids derived from the message (<see cref="DeterministicId.Derive"/>) so a re-run writes the same ones.
/// </para>
/// <para>
/// <b>Concurrency:</b> a delivery claims the message in the inbox with a lease (<see cref="BusOptions.InboxLease"/>),
/// renewed while <see cref="ConsumeOnce"/> runs. Another delivery of the same message waits — it does not use up
/// retries — until the claim is completed (then it skips) or its lease lapses unrenewed (the holder died; it takes over
/// within the lease plus one poll). If this delivery's claim is taken over (its renewals failed for a whole lease),
/// <see cref="UnitOfWork.CancellationToken"/> is cancelled and nothing is committed.
/// RabbitMQ closes a channel whose delivery stays unacknowledged past its consumer_timeout (30 min by default): effects
/// longer than that belong in a background job the consumer starts, not in the consumer.
/// </para>
/// The inbox key is the consumer's full type name and the message id, so two consumer classes of one message (also in
/// one composed process) each apply it once.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(MessageInbox inbox, TransactionalOutbox outbox, ILogger logger) : IConsumer<TMessage>
    where TMessage : class, IFedBusMessage
{
    /// <summary>The inbox's name for this consumer; the full type name unless overridden.</summary>
    protected virtual string ConsumerName => GetType().FullName ?? GetType().Name;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var consumer = ConsumerName;
        var claim = await inbox.ClaimAsync(consumer, context.Message.MessageId, context.CancellationToken);
        if (claim is null)
        {
            MessagingLog.AlreadyApplied(logger, consumer, typeof(TMessage).Name, context.Message.MessageId);
            await OnAlreadyApplied(context);
            return;
        }

        await using (var lease = inbox.Hold(claim, context.CancellationToken))
        {
            try
            {
                var work = outbox.Begin(lease.Token);
                await ConsumeOnce(context, work);
                // The commit is not cancelled half-way: its outcome would be unknown.
                await lease.CompleteAsync(current => outbox.CommitAsync(work, batch => inbox.AddCompletion(batch, current), CancellationToken.None));
            }
            catch (Exception e)
            {
                await lease.AbandonAsync();
                if (lease.IsLost && e is not InboxClaimLostException) throw new InboxClaimLostException(claim.Key, e);
                throw;
            }
        }
        await OnApplied(context);
    }

    /// <summary>
    /// Applies the message: add the effect's store writes and the messages it publishes to <paramref name="work"/>;
    /// the base class commits them with the inbox record when this returns. Throwing commits nothing (the retry policy
    /// then tries again). Use <see cref="UnitOfWork.CancellationToken"/> for long work.
    /// </summary>
    protected abstract Task ConsumeOnce(ConsumeContext<TMessage> context, UnitOfWork work);

    /// <summary>Called after the effect was committed (for logs and metrics; it is not part of the effect).</summary>
    protected virtual Task OnApplied(ConsumeContext<TMessage> context) => Task.CompletedTask;

    /// <summary>Called instead of <see cref="ConsumeOnce"/> for a message this consumer has already applied.</summary>
    protected virtual Task OnAlreadyApplied(ConsumeContext<TMessage> context) => Task.CompletedTask;
}
