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
    /// The channel block oneDNN's convolution kernels work in. libtorch 2.10's oneDNN on this AVX-512 CPU gets a k×k
    /// convolution (k &gt; 1) wrong when the channels it reads are off this block: the input gradient when the output
    /// channels are not a multiple of it, and the output itself when more than 16 input channels are not. Strided and
    /// transposed convolutions need two blocks (<see cref="Convolve(Conv2d, Tensor)"/>, <see cref="Convolve(ConvTranspose2d, Tensor)"/>).
    /// </summary>
    public const long OneDnnChannelBlock = 16;

    /// <summary>
    /// <paramref name="conv"/> applied to <paramref name="input"/>, computed right. libtorch 2.10's oneDNN returns wrong
    /// values, at times NaN, more often on a thread that has not run it before (measured: docs/learning.md), for a k×k
    /// convolution (k &gt; 1) whose output channels are not a multiple of 16 (its input gradient), whose more than 16
    /// input channels are not (its output), or, strided, whose more than 16 input channels are not a multiple of 32 (its
    /// input gradient). Such a convolution runs with zero channels added up to the next multiple of 16 (32 for that last
    /// case): zero filters whose outputs are dropped (only when the input gradient will be taken), and zero input
    /// channels with zero weights. The same function, through kernels that compute it right.
    /// </summary>
    public static Tensor Convolve(Conv2d conv, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(input);
        var weight = conv.weight!;
        long outChannels = weight.shape[0], inChannels = weight.shape[1], kh = weight.shape[2], kw = weight.shape[3];
        var spatial = kh * kw > 1 && conv.groups == 1 && conv.padding_mode == PaddingModes.Zeros && conv.padding_type is null;
        var inputGradient = input.requires_grad && is_grad_enabled();
        var padOutput = spatial && outChannels % OneDnnChannelBlock != 0 && inputGradient;
        // A strided convolution's input gradient is also wrong for more than 16 input channels that are an odd multiple
        // of 16 (48, 80, 112, 144 measured; 32, 64, 96, 128 right): there the input needs two blocks' worth.
        var inputBlock = inputGradient && conv.stride.Any(s => s > 1) ? 2 * OneDnnChannelBlock : OneDnnChannelBlock;
        var padInput = spatial && inChannels > OneDnnChannelBlock && inChannels % inputBlock != 0;
        if (!padOutput && !padInput) return conv.forward(input);

        using var scope = NewDisposeScope();
        Tensor x = input, w = weight;
        Tensor? b = conv.bias;
        if (padInput)
        {
            var extra = inputBlock - inChannels % inputBlock;
            x = cat([x, zeros([x.shape[0], extra, x.shape[2], x.shape[3]], x.dtype, x.device)], 1);
            w = cat([w, zeros([outChannels, extra, kh, kw], w.dtype, w.device)], 1);
        }
        if (padOutput)
        {
            var extra = OneDnnChannelBlock - outChannels % OneDnnChannelBlock;
            w = cat([w, zeros([extra, w.shape[1], kh, kw], w.dtype, w.device)], 0);
            if (b is not null) b = cat([b, zeros([extra], b.dtype, b.device)], 0);
        }
        var output = nn.functional.conv2d(x, w, b, conv.stride, conv.padding, conv.dilation, 1);
        return (padOutput ? output.narrow(1, 0, outChannels) : output).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="up"/> applied to <paramref name="input"/>, computed right: libtorch 2.10's oneDNN gets a transposed
    /// convolution with more than 16 output channels that are not a multiple of 32 wrong: its output, in inference too,
    /// when they are 40, 48 or 80 (96 → 48 is a width-24 U-Net's first up-sampling), and its input gradient when they are
    /// 20, 24 or 40 (16, 32, 64, 96 right, and 8 and 12). Such a convolution runs with zero filters added up to the next
    /// multiple of 32, whose outputs are dropped.
    /// </summary>
    public static Tensor Convolve(ConvTranspose2d up, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(up);
        ArgumentNullException.ThrowIfNull(input);
        var weight = up.weight!;
        long inChannels = weight.shape[0], outChannels = weight.shape[1], kh = weight.shape[2], kw = weight.shape[3];
        const long block = 2 * OneDnnChannelBlock;
        if (outChannels <= OneDnnChannelBlock || outChannels % block == 0 || up.groups != 1 || up.padding_mode != PaddingModes.Zeros)
            return up.forward(input);
        using var scope = NewDisposeScope();
        var extra = block - outChannels % block;
        var w = cat([weight, zeros([inChannels, extra, kh, kw], weight.dtype, weight.device)], 1);
        var b = up.bias is { } bias ? cat([bias, zeros([extra], bias.dtype, bias.device)], 0) : null;
        var output = nn.functional.conv_transpose2d(input, w, b, up.stride, up.padding, up.output_padding, up.dilation, 1);
        return output.narrow(1, 0, outChannels).MoveToOuterDisposeScope();
    }

    private static long GroupsFor(long channels)
    {
        for (long g = Math.Min(8, channels); g > 1; g--)
            if (channels % g == 0) return g;
        return 1;
    }
}
