using FedBus.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// Base for consumers whose effect must happen once per message id, however often the broker delivers it.
/// The claim is recorded before the effect and marked done after it; a failure releases it for the retry.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(MessageInbox inbox, ILogger logger) : IConsumer<TMessage>
    where TMessage : class, IFedBusMessage
{
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var consumer = GetType().Name;
        var claim = await inbox.TryClaimAsync(consumer, context.Message.MessageId, cancellationToken: context.CancellationToken);
        if (claim is null)
        {
            logger.LogInformation("{Consumer} already applied {MessageType} {MessageId}; delivery ignored",
                consumer, typeof(TMessage).Name, context.Message.MessageId);
            await OnAlreadyApplied(context);
            return;
        }

        try
        {
            await ConsumeOnce(context);
        }
        catch
        {
            await inbox.AbandonAsync(claim, CancellationToken.None);
            throw;
        }
        await inbox.CompleteAsync(claim, CancellationToken.None);
    }

    protected abstract Task ConsumeOnce(ConsumeContext<TMessage> context);

    /// <summary>Called instead of <see cref="ConsumeOnce"/> for a message this consumer has already applied.</summary>
    protected virtual Task OnAlreadyApplied(ConsumeContext<TMessage> context) => Task.CompletedTask;
}
