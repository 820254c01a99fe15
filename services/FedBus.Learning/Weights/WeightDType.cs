namespace FedBus.Learning.Weights;

/// <summary>Element types a weight file may hold (safetensors names).</summary>
public enum WeightDType
{
    /// <summary>float32: parameters and running statistics — what aggregation averages.</summary>
    F32,

    /// <summary>int64: BatchNorm's <c>num_batches_tracked</c> counter, kept so PyTorch's strict load matches.</summary>
    I64,
}
