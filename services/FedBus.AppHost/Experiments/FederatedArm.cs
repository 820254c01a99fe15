using FedBus.Aggregation.Strategies;

namespace FedBus.AppHost.Experiments;

/// <summary>One federated configuration: the hub's strategy, FedProx μ at the sites, and optionally one bad site, screened by QC or not.</summary>
internal sealed record FederatedArm(string Name, StrategyKind Strategy, double ProximalMu = 0, BadLabels? Bad = null, bool Qc = false);
