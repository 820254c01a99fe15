namespace FedBus.Learning.Weights;

/// <summary>What a safetensors file holds: the weights and their metadata.</summary>
public sealed record WeightFile(WeightSet Weights, WeightMetadata Metadata);
