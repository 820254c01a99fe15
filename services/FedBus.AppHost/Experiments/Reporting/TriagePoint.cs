namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>The held-out metric after training on this many labels.</summary>
public sealed record TriagePoint(int Labels, double Metric);
