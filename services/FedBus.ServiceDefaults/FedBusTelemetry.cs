using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FedBus.ServiceDefaults;

/// <summary>The activity source and meter FedBus's own code reports through (MassTransit has its own).</summary>
public static class FedBusTelemetry
{
    public const string Name = "FedBus";
    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);
}
