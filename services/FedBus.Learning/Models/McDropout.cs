using TorchSharp;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>
/// Element-wise dropout that draws its masks from an explicit generator instead of libtorch's global
/// one, so training and MC-dropout passes are reproducible per model even when several models share
/// a process. Active only in training mode (the MC-dropout code switches just these modules on).
/// </summary>
public sealed class McDropout : nn.Module<Tensor, Tensor>
{
    private readonly double p;

    public McDropout(double p) : base(nameof(McDropout))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1.0);
        this.p = p;
    }

    /// <summary>Drop probability.</summary>
    public double P => p;

    /// <summary>Mask source; set by the owning model before training or MC passes.</summary>
    public Generator? Generator { get; set; }

    public override Tensor forward(Tensor input)
    {
        if (!training || p == 0) return input.alias();
        using var mask = empty_like(input).bernoulli_(1 - p, Generator);
        return input.mul(mask).div_(1 - p);
    }
}
