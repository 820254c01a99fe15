using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>
/// The network behind <see cref="CenterNetSpec"/>. Output: N×(classes+4)×H/4×W/4 — channels
/// 0..classes−1 are heatmap logits, then box width and height (in output cells), then the x and y
/// offset of the centre inside its cell.
/// </summary>
public sealed class CenterNet2d : nn.Module<Tensor, Tensor>, IRepeatedForward, IFeatureNetwork
{
    /// <summary>Heatmap bias so the initial sigmoid is ≈0.1 (CenterNet's prior): stable focal loss at step 0.</summary>
    internal const double HeatmapPriorBias = -2.19;

    private readonly ConvBlock enc0;
    private readonly ConvBlock enc1;
    private readonly ConvBlock enc2;
    private readonly ConvBlock enc3;
    private readonly ConvTranspose2d up;
    private readonly ConvBlock dec;
    private readonly Sequential heatmap;
    private readonly Sequential size;
    private readonly Sequential offset;

    public CenterNet2d(CenterNetSpec spec) : base(nameof(CenterNet2d))
    {
        ArgumentNullException.ThrowIfNull(spec);
        long w = spec.Width;
        enc0 = new ConvBlock(spec.InChannels, w, spec.Norm, 0);
        enc1 = new ConvBlock(w, 2 * w, spec.Norm, 0);
        enc2 = new ConvBlock(2 * w, 4 * w, spec.Norm, 0);
        enc3 = new ConvBlock(4 * w, 4 * w, spec.Norm, spec.Dropout);
        up = nn.ConvTranspose2d(4 * w, 4 * w, 2, stride: 2);
        dec = new ConvBlock(8 * w, 4 * w, spec.Norm, spec.Dropout);
        heatmap = Head(4 * w, 2 * w, spec.Classes);
        size = Head(4 * w, 2 * w, 2);
        offset = Head(4 * w, 2 * w, 2);
        RegisterComponents();
    }

    /// <summary>The last conv of the heatmap head, whose bias gets <see cref="HeatmapPriorBias"/>.</summary>
    internal Conv2d HeatmapOutput => (Conv2d)heatmap.children().Last();

    public override Tensor forward(Tensor input) => ForwardRepeated(input, 1);

    /// <summary>The first three encoder levels have no dropout: they run once per image.</summary>
    public Tensor ForwardRepeated(Tensor input, int copies)
    {
        var x0 = enc0.forward(input);
        var x1 = enc1.forward(nn.functional.max_pool2d(x0, 2));
        var x2 = enc2.forward(nn.functional.max_pool2d(x1, 2));
        var pooled = nn.functional.max_pool2d(x2, 2);
        if (copies > 1)
        {
            x2 = x2.repeat(copies, 1, 1, 1);
            pooled = pooled.repeat(copies, 1, 1, 1);
        }
        var x3 = enc3.forward(pooled);
        var x = dec.forward(cat([x2, Layers.Convolve(up, x3)], 1));
        return cat([Head(heatmap, x), Head(size, x), Head(offset, x)], 1);
    }

    /// <summary>Spatial means of the four encoder levels' outputs.</summary>
    public Tensor Features(Tensor input)
    {
        var x0 = enc0.forward(input);
        var x1 = enc1.forward(nn.functional.max_pool2d(x0, 2));
        var x2 = enc2.forward(nn.functional.max_pool2d(x1, 2));
        var x3 = enc3.forward(nn.functional.max_pool2d(x2, 2));
        return cat([x0.mean([2, 3]), x1.mean([2, 3]), x2.mean([2, 3]), x3.mean([2, 3])], 1);
    }

    private static Sequential Head(long inCh, long mid, long outCh) =>
        nn.Sequential(nn.Conv2d(inCh, mid, 3, padding: 1), nn.ReLU(inplace: true), nn.Conv2d(mid, outCh, 1));

    /// <summary>A head's layers in order, its 3×3 conv through <see cref="Layers.Convolve"/> (the Sequential keeps the weight names).</summary>
    private static Tensor Head(Sequential head, Tensor x)
    {
        var layers = head.children().Cast<nn.Module<Tensor, Tensor>>().ToList();
        x = Layers.Convolve((Conv2d)layers[0], x);
        foreach (var layer in layers.Skip(1)) x = layer.forward(x);
        return x;
    }
}
