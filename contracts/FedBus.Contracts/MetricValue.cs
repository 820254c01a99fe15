namespace FedBus.Contracts;

/// <summary>A named metric value (e.g. "dice" 0.97).</summary>
public sealed record MetricValue(string Name, double Value);
