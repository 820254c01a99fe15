using FedBus.Contracts;
using MassTransit;

namespace FedBus.ServiceDefaults.Messaging;

/// <summary>Makes the transport's message id the contract's own, so broker logs, traces and the inbox agree.</summary>
public sealed class MessageIdFilter<T> : IFilter<SendContext<T>>, IFilter<PublishContext<T>> where T : class
{
    public Task Send(SendContext<T> context, IPipe<SendContext<T>> next)
    {
        if (context.Message is IFedBusMessage m) context.MessageId = m.MessageId;
        return next.Send(context);
    }

    public Task Send(PublishContext<T> context, IPipe<PublishContext<T>> next)
    {
        if (context.Message is IFedBusMessage m) context.MessageId = m.MessageId;
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("fedbus-message-id");
}
