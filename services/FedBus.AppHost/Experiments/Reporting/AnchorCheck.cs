namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>A published figure we compare against, our measured value, and whether we meet it.</summary>
public sealed record AnchorCheck(string Claim, string Anchor, double? Value, bool Met, string Detail);
