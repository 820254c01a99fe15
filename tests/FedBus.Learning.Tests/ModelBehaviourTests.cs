using FedBus.Learning.Cases;
using FedBus.Learning.Models;
using FedBus.Learning.Predictions;
using FedBus.Learning.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBus.Learning.Tests;

public class ModelBehaviourTests
{
    public ModelBehaviourTests() => Torch.Init();

    public static TheoryData<string, int> Specs => new()
    {
        { "unet2d-v1:classes=3", 32 },
        { "resnet2d-v1:classes=4", 32 },
        { "centernet2d-v1:classes=2", 32 },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void The_same_seed_builds_identical_weights_and_another_seed_different_ones(string id, int _)
    {
        var spec = ModelSpec.Parse(id);
        using var a = spec.CreateModel(11);
        using var b = spec.CreateModel(11);
        using var c = spec.CreateModel(12);
        Assert.True(a.ExportWeights().ContentEquals(b.ExportWeights()));
        Assert.False(a.ExportWeights().ContentEquals(c.ExportWeights()));
    }

    [Fact]
    public void Network_outputs_have_the_documented_shapes()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 1, 32, 48);
        using (var seg = ModelSpec.Parse("unet2d-v1:classes=3").CreateModel(1))
            Assert.Equal(new long[] { 2, 3, 32, 48 }, seg.Network.forward(x).shape);
        using (var cls = ModelSpec.Parse("resnet2d-v1:classes=4").CreateModel(1))
            Assert.Equal(new long[] { 2, 4 }, cls.Network.forward(x).shape);
        using (var det = ModelSpec.Parse("centernet2d-v1:classes=2").CreateModel(1))
            Assert.Equal(new long[] { 2, 2 + 4, 8, 12 }, det.Network.forward(x).shape);
    }

    [Fact]
    public void MC_dropout_passes_differ_yet_leave_BatchNorm_statistics_untouched_and_repeat_with_the_same_seed()
    {
        using var model = new UNetSpec(Dropout: 0.3).CreateModel(2);
        var image = Phantoms.Segmentation(1, 32, seed: 9)[0].Image;
        var before = model.ExportWeights();

        var mc1 = (SegmentationPrediction)model.Predict([image], new PredictionOptions(McPasses: 8, Seed: 4))[0];
        var mc2 = (SegmentationPrediction)model.Predict([image], new PredictionOptions(McPasses: 8, Seed: 4))[0];
        var mc3 = (SegmentationPrediction)model.Predict([image], new PredictionOptions(McPasses: 8, Seed: 5))[0];
        var single = (SegmentationPrediction)model.Predict([image], PredictionOptions.Deterministic)[0];

        Assert.True(before.ContentEquals(model.ExportWeights()), "an MC pass changed weights or running statistics");
        Assert.True(model.Network.modules().OfType<BatchNorm2d>().All(b => !b.training), "BatchNorm left in training mode");
        Assert.True(mc1.Uncertainty.MutualInformation > 0, "MC passes did not disagree at all");
        Assert.Equal(0, single.Uncertainty.MutualInformation);
        Assert.Equal(mc1.EntropyMap, mc2.EntropyMap);
        Assert.NotEqual(mc1.EntropyMap, mc3.EntropyMap);
        Assert.Equal(8, mc1.Uncertainty.Passes);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void MC_passes_that_run_the_dropout_free_front_once_equal_running_every_copy_through_the_whole_network(string id, int size)
    {
        using var model = ModelSpec.Parse(id).CreateModel(3);
        var network = model.Network;
        var dropouts = network.modules().OfType<McDropout>().ToList();
        network.eval();
        foreach (var d in dropouts) d.train();
        using var scope = NewDisposeScope();
        var x = randn([2, 1, size, size], generator: new Generator(1));
        Tensor Run(Func<Tensor> forward)
        {
            using var g = new Generator(77);
            foreach (var d in dropouts) d.Generator = g;
            using var _ = no_grad();
            return forward();
        }
        var split = Run(() => ((IRepeatedForward)network).ForwardRepeated(x, 4));
        var whole = Run(() => network.forward(x.repeat(4, 1, 1, 1)));
        Assert.Equal(whole.shape, split.shape);
        Assert.True(whole.allclose(split, rtol: 1e-4, atol: 1e-5), $"max difference {whole.sub(split).abs().max().item<float>()}");
        // And the copies really differ (dropout was active).
        Assert.False(split.narrow(0, 0, 2).allclose(split.narrow(0, 2, 2)));
    }

    [Fact]
    public void Batched_prediction_equals_one_image_at_a_time()
    {
        using var model = new UNetSpec().CreateModel(2);
        var images = Phantoms.Segmentation(3, 32, seed: 1).Select(c => c.Image).ToList();
        var together = model.Predict(images, PredictionOptions.Deterministic with { BatchSize = 3 }).Cast<SegmentationPrediction>().ToList();
        for (int i = 0; i < images.Count; i++)
        {
            var alone = (SegmentationPrediction)model.Predict([images[i]], PredictionOptions.Deterministic)[0];
            Assert.Equal(alone.Mask, together[i].Mask);
            for (int k = 0; k < alone.ForegroundProbability.Length; k++)
                Assert.Equal(alone.ForegroundProbability[k], together[i].ForegroundProbability[k], 5);
        }
    }

    [Fact]
    public void Images_whose_size_the_UNet_cannot_halve_are_refused_clearly()
    {
        using var model = new UNetSpec(Levels: 3).CreateModel(1);
        var e = Assert.Throws<ArgumentException>(() => model.Predict([new ImageSlice(30, 32, new float[30 * 32])]));
        Assert.Contains("multiples of 4; got 30×32", e.Message);
    }

    [Fact]
    public void Classification_and_detection_predictions_carry_probabilities_and_a_triage_score_in_range()
    {
        var image = Phantoms.Segmentation(1, 32, seed: 2)[0].Image;
        using var cls = new ClassifierSpec(Classes: 3).CreateModel(1);
        var c = (ClassificationPrediction)cls.Predict([image])[0];
        Assert.Equal(1.0, c.Probabilities.Sum(), 4);
        Assert.Equal(c.Probabilities.Max(), c.Uncertainty.Confidence, 6);
        Assert.InRange(c.Uncertainty.TriageScore, 0, 1);

        using var det = new CenterNetSpec(Classes: 2).CreateModel(1);
        var d = (DetectionPrediction)det.Predict([image], new PredictionOptions(ScoreThreshold: 0))[0];
        Assert.InRange(d.Uncertainty.TriageScore, 0, 1);
        Assert.Equal(1 - d.Uncertainty.Confidence, d.Uncertainty.TriageScore, 6);
        // The initial heatmap prior is ≈ 0.1 everywhere.
        Assert.InRange(d.Uncertainty.Confidence, 0.02, 0.5);
    }
}
