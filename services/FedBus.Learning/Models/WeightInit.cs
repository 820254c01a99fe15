using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>
/// Deterministic initialisation from an explicit generator (PyTorch's default scheme: conv/linear
/// weights and biases uniform in ±1/√fan_in; norms ones/zeros). Never touches the global RNG, so a
/// model built with seed s is the same whatever else ran in the process.
/// </summary>
internal static class WeightInit
{
    public static void Apply(nn.Module module, long seed)
    {
        using var generator = new Generator((ulong)seed, torch.CPU);
        using var _ = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Conv2d or ConvTranspose2d or Linear:
                    var weight = m.named_parameters(recurse: false).First(p => p.name == "weight").parameter;
                    long fanIn = FanIn(m, weight);
                    double bound = 1.0 / Math.Sqrt(fanIn);
                    weight.uniform_(-bound, bound, generator);
                    foreach (var (name, p) in m.named_parameters(recurse: false))
                        if (name == "bias") p.uniform_(-bound, bound, generator);
                    break;
                case BatchNorm2d or GroupNorm:
                    foreach (var (name, p) in m.named_parameters(recurse: false))
                        if (name == "weight") p.fill_(1); else if (name == "bias") p.zero_();
                    break;
            }
        }
    }

    private static long FanIn(nn.Module m, Tensor weight)
    {
        // Conv2d: [out, in, kh, kw]; ConvTranspose2d: [in, out, kh, kw] — PyTorch uses dim 1 for both.
        var shape = weight.shape;
        long receptive = 1;
        for (int i = 2; i < shape.Length; i++) receptive *= shape[i];
        _ = m;
        return shape[1] * receptive;
    }
}
