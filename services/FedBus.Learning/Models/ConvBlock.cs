using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>conv3×3 → norm → ReLU → conv3×3 → norm → ReLU → dropout (optional). Names match the PyTorch twin in bench/learning.</summary>
internal sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly nn.Module<Tensor, Tensor> norm1;
    private readonly Conv2d conv2;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly McDropout drop;

    public ConvBlock(long inChannels, long outChannels, NormKind norm, double dropout) : base(nameof(ConvBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false);
        norm1 = Layers.Norm(norm, outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        norm2 = Layers.Norm(norm, outChannels);
        drop = new McDropout(dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.relu(norm1.forward(Layers.Convolve(conv1, input)), inplace: true);
        x = nn.functional.relu(norm2.forward(Layers.Convolve(conv2, x)), inplace: true);
        return drop.forward(x);
    }
}
