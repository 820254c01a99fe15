using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>The network behind <see cref="UNetSpec"/>; outputs N×classes×H×W logits.</summary>
public sealed class UNet2d : nn.Module<Tensor, Tensor>, IRepeatedForward, IFeatureNetwork
{
    private readonly ModuleList<ConvBlock> encoders = new();
    private readonly ModuleList<ConvTranspose2d> ups = new();
    private readonly ModuleList<ConvBlock> decoders = new();
    private readonly Conv2d head;

    public UNet2d(UNetSpec spec) : base(nameof(UNet2d))
    {
        ArgumentNullException.ThrowIfNull(spec);
        long inCh = spec.InChannels;
        for (int level = 0; level < spec.Levels; level++)
        {
            long outCh = (long)spec.Width << level;
            // Dropout only where features are abstract: the bottleneck and the decoder (MC-dropout).
            encoders.Add(new ConvBlock(inCh, outCh, spec.Norm, level == spec.Levels - 1 ? spec.Dropout : 0));
            inCh = outCh;
        }
        for (int level = spec.Levels - 2; level >= 0; level--)
        {
            long outCh = (long)spec.Width << level;
            ups.Add(nn.ConvTranspose2d(inCh, outCh, 2, stride: 2));
            decoders.Add(new ConvBlock(2 * outCh, outCh, spec.Norm, spec.Dropout));
            inCh = outCh;
        }
        head = nn.Conv2d(inCh, spec.Classes, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => ForwardRepeated(input, 1);

    /// <summary>Encoder levels above the bottleneck have no dropout: they run once per image.</summary>
    public Tensor ForwardRepeated(Tensor input, int copies)
    {
        var skips = new List<Tensor>(encoders.Count);
        var x = input;
        for (int i = 0; i < encoders.Count - 1; i++)
        {
            x = encoders[i].forward(x);
            skips.Add(copies == 1 ? x : x.repeat(copies, 1, 1, 1));
            x = nn.functional.max_pool2d(x, 2);
        }
        if (copies > 1) x = x.repeat(copies, 1, 1, 1);
        x = encoders[encoders.Count - 1].forward(x);
        for (int j = 0; j < decoders.Count; j++)
        {
            x = Layers.Convolve(ups[j], x);
            x = cat([skips[skips.Count - 1 - j], x], 1);
            x = decoders[j].forward(x);
        }
        return head.forward(x);
    }

    /// <summary>Spatial means of every encoder level's output, the bottleneck included.</summary>
    public Tensor Features(Tensor input)
    {
        var pooled = new List<Tensor>(encoders.Count);
        var x = input;
        for (int i = 0; i < encoders.Count; i++)
        {
            if (i > 0) x = nn.functional.max_pool2d(x, 2);
            x = encoders[i].forward(x);
            pooled.Add(x.mean([2, 3]));
        }
        return cat(pooled, 1);
    }
}
