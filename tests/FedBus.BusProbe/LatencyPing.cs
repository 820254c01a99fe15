namespace FedBus.BusProbe;

/// <summary>The reference message of the "latency" role, which only <see cref="PlainPingConsumer"/> receives.</summary>
public sealed record LatencyPing(Guid MessageId);
