using TorchSharp;
using TorchSharp.Modules;
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

    /// <summary>
    /// The output channels oneDNN's convolution kernels work in: a k×k convolution (k &gt; 1) whose output channels are not
    /// a multiple of this gets a wrong input gradient from libtorch 2.10's oneDNN on this AVX-512 CPU.
    /// </summary>
    public const long OneDnnChannelBlock = 16;

    /// <summary>
    /// <paramref name="conv"/> applied to <paramref name="input"/>, with a correct input gradient. libtorch 2.10's oneDNN
    /// backward-data for a k×k convolution (k &gt; 1) whose output channels are not a multiple of 16 returns wrong values,
    /// at times NaN, more often on a thread that has not run it before (measured: docs/learning.md). When that gradient
    /// will be taken, the weight is padded with zero filters to the next multiple of 16 and the extra outputs dropped: the
    /// same function, through kernels that compute it right. Forward passes without a gradient (inference) are untouched.
    /// </summary>
    public static Tensor Convolve(Conv2d conv, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(input);
        var weight = conv.weight!;
        var outChannels = weight.shape[0];
        if (outChannels % OneDnnChannelBlock == 0 || weight.shape[2] * weight.shape[3] == 1 || !input.requires_grad || !is_grad_enabled()
            || conv.padding_mode != PaddingModes.Zeros || conv.padding_type is not null)
            return conv.forward(input);
        var extra = OneDnnChannelBlock - outChannels % OneDnnChannelBlock;
        using var zeroFilters = zeros([extra, weight.shape[1], weight.shape[2], weight.shape[3]], weight.dtype, weight.device);
        using var padded = cat([weight, zeroFilters], 0);
        using var zeroBias = conv.bias is null ? null : zeros([extra], conv.bias.dtype, conv.bias.device);
        using var bias = conv.bias is null ? null : cat([conv.bias, zeroBias!], 0);
        using var output = nn.functional.conv2d(input, padded, bias, conv.stride, conv.padding, conv.dilation, conv.groups);
        return output.narrow(1, 0, outChannels);
    }

    private static long GroupsFor(long channels)
    {
        for (long g = Math.Min(8, channels); g > 1; g--)
            if (channels % g == 0) return g;
        return 1;
    }
}
