namespace FedBus.AppHost.Demo.Reporting;

/// <summary>Stored → task visible: from the PACS's last C-STORE response of a study to a radiologist seeing its task.</summary>
public sealed record LatencyReport(double P50, double P95, int Count);
