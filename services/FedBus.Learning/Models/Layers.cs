using TorchSharp;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>Small layer factories shared by the networks.</summary>
internal static class Layers
{
    /// <summary>
    /// BatchNorm2d or GroupNorm (≤ 8 groups). GroupNorm's affine parameters are left uninitialised by
    /// TorchSharp 0.107 (first loss NaN), so <see cref="WeightInit"/> sets every norm to ones/zeros.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Norm(NormKind kind, long channels) => kind switch
    {
        NormKind.Batch => nn.BatchNorm2d(channels),
        NormKind.Group => nn.GroupNorm(GroupsFor(channels), channels),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown norm kind."),
    };

    private static long GroupsFor(long channels)
    {
        for (long g = Math.Min(8, channels); g > 1; g--)
            if (channels % g == 0) return g;
        return 1;
    }
}
