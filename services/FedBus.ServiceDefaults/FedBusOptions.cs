namespace FedBus.ServiceDefaults;

/// <summary>Configuration section "FedBus": who this process is and what it connects to.</summary>
public sealed class FedBusOptions
{
    public const string Section = "FedBus";

    /// <summary>The hospital this process serves; empty at the hub.</summary>
    public string? SiteId { get; set; }

    /// <summary>Short service name used for queues, telemetry and logs, e.g. "ingestion".</summary>
    public string ServiceName { get; set; } = "fedbus";

    /// <summary>Root for the embedded database and blob store when nothing else is configured.</summary>
    public string DataDirectory { get; set; } = "data";
}
