namespace FedBus.Bench.Ingestion;

/// <summary>One run: wall time until the last association's release was answered, and CPU time the receiver spent meanwhile.</summary>
internal sealed record Measurement(double WallSeconds, double ReceiverCpuSeconds);
