using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Profiles;

/// <summary>One site's image-profile tensors (names under <see cref="ProfileTensors.Prefix"/>) and the samples it trained on.</summary>
public sealed record SiteProfile(string SiteId, long SampleCount, WeightSet Tensors);
