namespace FedBus.BusProbe;

public sealed record ProbeOptions(bool CrashAfterApply);
