using FedBus.Aggregation.Strategies;
using FedBus.Learning;
using FedBus.Learning.Weights;
using TorchSharp.Modules;

namespace FedBus.Aggregation.Tests;

public class FedBnTests
{
    private static WeightsView Model(float[] conv, float bnScale, float bnMean, long counter) => WeightsView.Of(new WeightSet([
        new("conv.weight", WeightTensor.Float32([2, 1], conv)),
        new("bn.weight", WeightTensor.Float32([2], [bnScale, bnScale])),
        new("bn.bias", WeightTensor.Float32([2], [0, 0])),
        new("bn.running_mean", WeightTensor.Float32([2], [bnMean, bnMean])),
        new("bn.running_var", WeightTensor.Float32([2], [1, 1])),
        new("bn.num_batches_tracked", WeightTensor.Int64([], [counter])),
    ]));

    private static readonly WeightsView Global = Model([0, 0], 1, 0, 5);

    private static readonly SiteUpdate[] Sites =
        [new("a", 1, Model([2, 4], 3, 10, 9)), new("b", 1, Model([4, 8], 5, -30, 7))];

    [Fact]
    public void FedBN_averages_everything_but_the_normalisation_layers_which_keep_the_global_values()
    {
        var result = Aggregator.Aggregate(new AggregationSettings { Strategy = StrategyKind.FedBN }, Global, Sites);

        Assert.Equal([3f, 6f], result.Weights.Floats("conv.weight")); // ((2 + 4)/2, (4 + 8)/2)
        Assert.Equal([1f, 1f], result.Weights.Floats("bn.weight"));   // global's, not (3 + 5)/2
        Assert.Equal([0f, 0f], result.Weights.Floats("bn.running_mean"));
        Assert.Equal([5L], result.Weights.Int64s("bn.num_batches_tracked"));
        Assert.Equal(["bn.bias", "bn.num_batches_tracked", "bn.running_mean", "bn.running_var", "bn.weight"], result.LocalTensors);

        var fedAvg = Aggregator.Aggregate(new AggregationSettings(), Global, Sites);
        Assert.Equal([4f, 4f], fedAvg.Weights.Floats("bn.weight"));
        Assert.Equal([-10f, -10f], fedAvg.Weights.Floats("bn.running_mean"));
        Assert.Equal([9L], fedAvg.Weights.Int64s("bn.num_batches_tracked"));
        Assert.Empty(fedAvg.LocalTensors);
    }

    [Fact]
    public void Under_FedBN_a_sites_own_normalisation_statistics_do_not_count_towards_its_update_norm()
    {
        // Norm over conv.weight only: a (2, 4) → √20, b (4, 8) → √80; the running means (10, −30) are left out.
        var plan = RoundPlanner.Plan(new AggregationSettings { Strategy = StrategyKind.FedAvg, KeepNormalisationLocal = true }, Global.Layout,
            [.. Sites.Select(s => new SiteSubmission(s.SiteId, 1, UpdateInspector.Inspect(Global, s.Weights)))]);

        Assert.Equal(Math.Sqrt(20), plan.Sites[0].DeltaNorm, 12);
        Assert.Equal(Math.Sqrt(80), plan.Sites[1].DeltaNorm, 12);
    }

    [Fact]
    public void The_rule_reads_running_statistics_norm_names_and_vector_weights()
    {
        var layout = new ModelLayout([
            new TensorSpec("layer1.0.downsample.1.weight", WeightDType.F32, [8]),        // BatchNorm in a Sequential: running stats
            new TensorSpec("layer1.0.downsample.1.running_mean", WeightDType.F32, [8]),
            new TensorSpec("layer1.0.downsample.0.weight", WeightDType.F32, [8, 4, 1, 1]), // its conv
            new TensorSpec("blocks.0.ln_1.weight", WeightDType.F32, [8]),                   // by name
            new TensorSpec("blocks.0.ln_1.bias", WeightDType.F32, [8]),
            new TensorSpec("stem_norm.weight", WeightDType.F32, [8]),
            new TensorSpec("shortcut.1.weight", WeightDType.F32, [8]),                      // anonymous GroupNorm: vector weight
            new TensorSpec("shortcut.1.bias", WeightDType.F32, [8]),
            new TensorSpec("fc.weight", WeightDType.F32, [3, 8]),
            new TensorSpec("fc.bias", WeightDType.F32, [3]),
            new TensorSpec("conv.bias", WeightDType.F32, [8]),
            new TensorSpec("bnb.weight", WeightDType.F32, [8, 8]),                          // "bnb" is not "bn" + digits
        ]);

        Assert.Equal(["blocks.0.ln_1.bias", "blocks.0.ln_1.weight", "layer1.0.downsample.1.running_mean", "layer1.0.downsample.1.weight",
                      "shortcut.1.bias", "shortcut.1.weight", "stem_norm.weight"], NormalisationLayers.Find(layout.Tensors.Select(t => (t.Name, t.DType, t.Shape.Count))));
    }

    [Theory]
    [InlineData("unet2d-v1")]
    [InlineData("unet2d-v1:norm=group")]
    [InlineData("resnet2d-v1:classes=4")]
    [InlineData("resnet2d-v1:classes=4,norm=group")]
    [InlineData("centernet2d-v1:classes=3")]
    public void The_rule_finds_exactly_the_normalisation_modules_of_our_models(string architecture)
    {
        TorchRuntime.Initialize(2);
        using var model = ModelSpec.Parse(architecture).CreateModel(1);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, module) in model.Network.named_modules())
            if (module is BatchNorm2d or GroupNorm)
                foreach (var (tensor, _) in module.state_dict()) expected.Add(name + "." + tensor);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, NormalisationLayers.Find(model.ExportWeights()));
    }
}
