using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>Basic ResNet block: two 3×3 convs with norm, identity or 1×1 strided projection shortcut.</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly nn.Module<Tensor, Tensor> norm1;
    private readonly Conv2d conv2;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly Sequential? shortcut;

    public ResidualBlock(long inChannels, long outChannels, long stride, NormKind norm) : base(nameof(ResidualBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        norm1 = Layers.Norm(norm, outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        norm2 = Layers.Norm(norm, outChannels);
        if (stride != 1 || inChannels != outChannels)
            shortcut = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), Layers.Norm(norm, outChannels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.relu(norm1.forward(Layers.Convolve(conv1, input)), inplace: true);
        x = norm2.forward(Layers.Convolve(conv2, x));
        var identity = shortcut is null ? input : shortcut.forward(input);
        return nn.functional.relu(x.add_(identity), inplace: true);
    }
}
