using FedBus.Learning.Cases;

namespace FedBus.AppHost.Experiments;

/// <summary>A hospital of the benchmark: its labelled slices and the held-out positions seen through its scanner.</summary>
internal sealed record SiteData(int Index, string SiteId, string Scanner, IReadOnlyList<ExperimentCase> Cases, IReadOnlyList<LabeledCase> HeldOut);
