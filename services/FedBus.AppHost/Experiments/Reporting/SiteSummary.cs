namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>A site of the run: its scanner, how many labelled slices it holds, how many held-out slices score it.</summary>
public sealed record SiteSummary(string SiteId, string Scanner, int Cases, int HeldOutCases);
