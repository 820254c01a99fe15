namespace FedBus.Learning;

/// <summary>Normalisation layer used inside conv blocks.</summary>
public enum NormKind
{
    /// <summary>BatchNorm2d: fastest here; running statistics are buffers (exchanged with the weights).</summary>
    Batch,

    /// <summary>GroupNorm (8 groups or fewer): no running statistics, independent of batch size.</summary>
    Group,
}
