using FedBus.Learning.Models;
using FedBus.Learning.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace FedBus.Learning.Tests;

/// <summary>
/// libtorch 2.10's oneDNN returns wrong values, at times NaN, for a 3×3 convolution whose channels are off its block of
/// 16: the input gradient when the output channels are not a multiple of 16, the output when more than 16 input channels
/// are not, and a strided one's input gradient when more than 16 input channels are an odd multiple of 16. More often on a
/// thread that has not run it before (docs/learning.md); a training job runs on a thread of its
/// own, so the first epochs of a width-8 model diverged now and then. The models' convolutions go through
/// <see cref="Layers.Convolve"/>, which must give float64's figures here.
/// </summary>
public class ConvolutionGradientTests
{
    private const int Runs = 40;
    private const int ModelRuns = 12;

    [Theory]
    [InlineData(8, 8, 1)]
    [InlineData(16, 12, 2)]
    [InlineData(48, 64, 2)]
    [InlineData(40, 80, 2)]
    [InlineData(16, 20, 1)]
    [InlineData(24, 16, 1)]
    [InlineData(20, 24, 1)]
    [InlineData(16, 16, 1)]
    public void A_3x3_convolution_gives_the_float64_output_and_gradients_on_fresh_threads_whatever_its_channels(int inChannels, int outChannels, int stride) =>
        AgreesWithFloat64OnFreshThreads(seed: 11, generator =>
        {
            using var conv = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
            using (no_grad()) conv.weight!.copy_(randn(conv.weight.shape, generator: generator).mul(0.2));
            var x = randn([2, inChannels, 32, 32], generator: generator).requires_grad_(true);
            var y = Layers.Convolve(conv, x);
            var g = randn(y.shape, generator: generator);
            y.backward([g]);

            // The reference: the same convolution in float64, which oneDNN does not compute.
            var x64 = x.detach().to_type(ScalarType.Float64).requires_grad_(true);
            var w64 = conv.weight.detach().to_type(ScalarType.Float64).requires_grad_(true);
            var y64 = nn.functional.conv2d(x64, w64, null, [stride, stride], [1, 1]);
            y64.backward([g.to_type(ScalarType.Float64)]);
            // And as inference runs it: no gradient anywhere.
            Tensor inferred;
            using (no_grad()) inferred = Layers.Convolve(conv, x.detach());
            return (Math.Max(Error(y, y64), Error(inferred, y64)), Error(x.grad!, x64.grad!), Error(conv.weight.grad!, w64.grad!));
        });

    [Theory]
    [InlineData(48, 24)]
    [InlineData(40, 20)]
    [InlineData(32, 16)]
    [InlineData(96, 48)]
    [InlineData(80, 40)]
    [InlineData(64, 80)]
    public void A_2x2_transposed_convolution_gives_the_float64_output_and_gradients_on_fresh_threads_whatever_its_channels(int inChannels, int outChannels) =>
        AgreesWithFloat64OnFreshThreads(seed: 13, generator =>
        {
            using var up = nn.ConvTranspose2d(inChannels, outChannels, 2, stride: 2);
            var x = randn([2, inChannels, 16, 16], generator: generator).requires_grad_(true);
            var y = Layers.Convolve(up, x);
            var g = randn(y.shape, generator: generator);
            y.backward([g]);

            var x64 = x.detach().to_type(ScalarType.Float64).requires_grad_(true);
            var w64 = up.weight!.detach().to_type(ScalarType.Float64).requires_grad_(true);
            var y64 = nn.functional.conv_transpose2d(x64, w64, up.bias!.detach().to_type(ScalarType.Float64), [2, 2]);
            y64.backward([g.to_type(ScalarType.Float64)]);
            Tensor inferred;
            using (no_grad()) inferred = Layers.Convolve(up, x.detach());
            return (Math.Max(Error(y, y64), Error(inferred, y64)), Error(x.grad!, x64.grad!), Error(up.weight.grad!, w64.grad!));
        });

    /// <summary>
    /// The same check over whole networks at widths off the block, so a convolution that a model runs without
    /// <see cref="Layers.Convolve"/> is caught: every parameter's gradient and the image's must match the network in
    /// float64. Small networks: for some inputs a wide one (a 4-level U-Net of width 28 and up) differs by 1–5 % with
    /// oneDNN off too, most likely where float32 and float64 settle a near-tie at a kink (ReLU, max pooling) differently.
    /// </summary>
    [Theory]
    [InlineData("unet2d-v1:in=1,classes=3,levels=3,width=8")]
    [InlineData("unet2d-v1:in=1,classes=3,levels=3,width=20,norm=group")]
    [InlineData("resnet2d-v1:in=1,classes=4,width=12")]
    [InlineData("resnet2d-v1:in=1,classes=4,width=20")]
    [InlineData("resnet2d-v1:in=1,classes=4,width=24,norm=group")]
    [InlineData("centernet2d-v1:in=1,classes=3,width=8")]
    [InlineData("centernet2d-v1:in=1,classes=3,width=24")]
    public void Every_model_family_gives_the_float64_gradients_on_fresh_threads_at_widths_off_the_block(string spec)
    {
        Torch.Init();
        using var model = ModelSpec.Parse(spec).CreateModel(5);
        using var reference = ModelSpec.Parse(spec).CreateModel(5);
        var network = model.Network;
        var network64 = reference.Network;
        network64.to(ScalarType.Float64);
        // Eval: dropout off and norms on fixed statistics, so both networks compute one function.
        network.eval();
        network64.eval();
        var generator = new Generator(17);
        var worst = 0.0;
        var where = "";
        for (var run = 0; run < ModelRuns; run++)
        {
            var thread = new Thread(() =>
            {
                using var scope = NewDisposeScope();
                network.zero_grad();
                network64.zero_grad();
                var x = randn([2, 1, 32, 32], generator: generator).requires_grad_(true);
                var y = network.call(x);
                var g = randn(y.shape, generator: generator);
                y.backward([g]);
                var x64 = x.detach().to_type(ScalarType.Float64).requires_grad_(true);
                network64.call(x64).backward([g.to_type(ScalarType.Float64)]);

                var pairs = network.named_parameters().Zip(network64.parameters(), (p, p64) => (p.name, p.parameter.grad!, p64.grad!))
                    .Prepend(("image", x.grad!, x64.grad!));
                foreach (var (name, grad, grad64) in pairs)
                {
                    var error = RelativeError(grad, grad64);
                    if (error > worst) (worst, where) = (error, name);
                }
            });
            thread.Start();
            thread.Join();
        }

        // float32 through a network against float64: agreement to 1e-3 of each gradient's largest value.
        Assert.True(worst < 1e-3, $"the gradient of {where} is off by {worst} of its size");
    }

    [Fact]
    public void The_detector_heads_keep_their_weight_names()
    {
        Torch.Init();
        using var model = ModelSpec.Parse("centernet2d-v1:in=1,classes=3,width=8").CreateModel(3);
        var names = model.ExportWeights().Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var head in new[] { "heatmap", "size", "offset" })
            foreach (var name in new[] { "0.weight", "0.bias", "2.weight", "2.bias" })
                Assert.Contains($"{head}.{name}", names);
    }

    /// <summary>
    /// Runs <paramref name="pass"/> <see cref="Runs"/> times, each on a new thread as each training job runs, and checks
    /// its worst differences from float64 (output, input gradient, weight gradient).
    /// </summary>
    private static void AgreesWithFloat64OnFreshThreads(ulong seed, Func<Generator, (double Output, double Input, double Weight)> pass)
    {
        Torch.Init();
        var generator = new Generator(seed);
        var worst = (Output: 0.0, Input: 0.0, Weight: 0.0);
        for (var run = 0; run < Runs; run++)
        {
            var thread = new Thread(() =>
            {
                using var scope = NewDisposeScope();
                var (output, input, weight) = pass(generator);
                worst = (Math.Max(worst.Output, output), Math.Max(worst.Input, input), Math.Max(worst.Weight, weight));
            });
            thread.Start();
            thread.Join();
        }

        // float32 against float64 over sums of 9·C products: agreement to 1e-3 (the wrong values were off by ~0.5, or NaN).
        Assert.True(worst.Output < 1e-3, $"output off by {worst.Output}");
        Assert.True(worst.Input < 1e-3, $"input gradient off by {worst.Input}");
        Assert.True(worst.Weight < 1e-3, $"weight gradient off by {worst.Weight}");
    }

    /// <summary>Largest absolute difference over the reference's largest value; NaN anywhere counts as infinitely far.</summary>
    private static double RelativeError(Tensor actual, Tensor reference)
    {
        var scale = reference.abs().max().item<double>();
        return Error(actual, reference) / Math.Max(scale, 1e-12);
    }

    /// <summary>Largest absolute difference; NaN anywhere counts as infinitely far.</summary>
    private static double Error(Tensor actual, Tensor reference)
    {
        var d = actual.to_type(ScalarType.Float64).sub(reference).abs().max().item<double>();
        return double.IsNaN(d) ? double.PositiveInfinity : d;
    }
}
