namespace FedBus.Bench.Ingestion;

/// <summary>One run: wall time of the storescu association, and CPU time the receiving process spent meanwhile.</summary>
internal sealed record Measurement(double WallSeconds, double ReceiverCpuSeconds);
