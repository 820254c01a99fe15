using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Profiles;

/// <summary>The federation's image profile after a round: the pooled tensors, the sites that went into it, and what was left out and why.</summary>
public sealed record PooledProfile(WeightSet Tensors, IReadOnlyList<string> Sites, IReadOnlyList<string> Notes);
