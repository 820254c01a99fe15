namespace FedBus.BusProbe;

/// <summary>The state change the "commit" role stores together with the event announcing it.</summary>
public sealed record ProbeState(Guid MessageId, string Status, int ProcessId);
