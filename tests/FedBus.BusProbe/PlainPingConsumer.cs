using MassTransit;

namespace FedBus.BusProbe;

/// <summary>The reference for the "latency" role: a consumer with no inbox, no store, no outbox.</summary>
public sealed class PlainPingConsumer(LatencyLog latency) : IConsumer<LatencyPing>
{
    public Task Consume(ConsumeContext<LatencyPing> context)
    {
        latency.Done(context.Message.MessageId);
        return Task.CompletedTask;
    }
}
