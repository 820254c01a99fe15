using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>
/// Networks that expose a feature vector per image for out-of-distribution checks: the spatial mean of every
/// encoder stage's activations, concatenated (N × Σ channels), from a deterministic pass.
/// </summary>
internal interface IFeatureNetwork
{
    Tensor Features(Tensor input);
}
