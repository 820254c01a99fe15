namespace FedBus.BusProbe;

/// <summary>One application of a message, recorded in the shared store so a test can count them.</summary>
public sealed record ProbeEffect(Guid MessageId, int ProcessId, DateTimeOffset AppliedAt);
