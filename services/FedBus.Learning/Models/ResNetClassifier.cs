using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>The network behind <see cref="ClassifierSpec"/>; outputs N×classes logits.</summary>
public sealed class ResNetClassifier : nn.Module<Tensor, Tensor>, IRepeatedForward, IFeatureNetwork
{
    private readonly Conv2d stem;
    private readonly nn.Module<Tensor, Tensor> stem_norm;
    private readonly ModuleList<ResidualBlock> stages = new();
    private readonly McDropout drop;
    private readonly ModuleList<McDropout> stage_drops = new();
    private readonly Linear fc;

    public ResNetClassifier(ClassifierSpec spec) : base(nameof(ResNetClassifier))
    {
        ArgumentNullException.ThrowIfNull(spec);
        stem = nn.Conv2d(spec.InChannels, spec.Width, 3, padding: 1, bias: false);
        stem_norm = Layers.Norm(spec.Norm, spec.Width);
        long ch = spec.Width;
        for (int s = 0; s < spec.Stages; s++)
        {
            long outCh = (long)spec.Width << s;
            stages.Add(new ResidualBlock(ch, outCh, s == 0 ? 1 : 2, spec.Norm));
            stage_drops.Add(new McDropout(s == 0 ? 0 : spec.Dropout));
            ch = outCh;
        }
        drop = new McDropout(spec.Dropout);
        fc = nn.Linear(ch, spec.Classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => ForwardRepeated(input, 1);

    /// <summary>The stem and the first block have no dropout: they run once per image.</summary>
    public Tensor ForwardRepeated(Tensor input, int copies)
    {
        var x = nn.functional.relu(stem_norm.forward(Layers.Convolve(stem, input)), inplace: true);
        x = nn.functional.max_pool2d(x, 2);
        x = stage_drops[0].forward(stages[0].forward(x));
        if (copies > 1) x = x.repeat(copies, 1, 1, 1);
        for (int s = 1; s < stages.Count; s++) x = stage_drops[s].forward(stages[s].forward(x));
        x = x.mean([2, 3]);
        return fc.forward(drop.forward(x));
    }

    /// <summary>Spatial means of the first block's and every stage's output (dropout off in eval mode).</summary>
    public Tensor Features(Tensor input)
    {
        var x = nn.functional.relu(stem_norm.forward(Layers.Convolve(stem, input)), inplace: true);
        x = nn.functional.max_pool2d(x, 2);
        var pooled = new List<Tensor>(stages.Count);
        for (int s = 0; s < stages.Count; s++)
        {
            x = stage_drops[s].forward(stages[s].forward(x));
            pooled.Add(x.mean([2, 3]));
        }
        return cat(pooled, 1);
    }
}
