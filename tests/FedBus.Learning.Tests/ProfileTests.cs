using FedBus.Learning.Cases;
using FedBus.Learning.Profiles;
using FedBus.Learning.Signals;
using FedBus.Learning.Tests.Support;
using FedBus.Learning.Weights;

namespace FedBus.Learning.Tests;

/// <summary>The training profile: moments that pool exactly, distances, its place in the weight set, the combiner.</summary>
public sealed class ProfileTests
{
    [Fact]
    public void Moments_of_two_sites_pool_exactly_to_the_moments_of_all_their_images()
    {
        var rng = new Random(3);
        var all = Enumerable.Range(0, 57).Select(_ => Enumerable.Range(0, 4).Select(_ => rng.NextDouble() * 10 - 3).ToArray()).ToList();

        var pooled = FeatureMoments.Pool([FeatureMoments.FromSamples(all.Take(20)), FeatureMoments.FromSamples(all.Skip(20))]);
        var direct = FeatureMoments.FromSamples(all);

        Assert.Equal(57, pooled.Count);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(direct.Mean[i], pooled.Mean[i], 1e-12));
        Assert.All(Enumerable.Range(0, 16), i => Assert.Equal(direct.SecondMoment[i], pooled.SecondMoment[i], 1e-10));
    }

    [Fact]
    public void A_typical_member_is_about_one_away_and_a_far_point_much_further()
    {
        var rng = new Random(5);
        // Correlated 3-D Gaussian: y = x + small noise, z independent.
        var samples = Enumerable.Range(0, 2000).Select(_ =>
        {
            var x = Gaussian(rng);
            return new[] { x, x + 0.1 * Gaussian(rng), 3 + 2 * Gaussian(rng) };
        }).ToList();
        var m = FeatureMoments.FromSamples(samples);

        var typical = samples.Take(500).Average(s => m.Distance(s));
        Assert.InRange(typical, 0.6, 1.3);
        // Against the learnt correlation (y far from x) counts far more than the same step along it.
        Assert.True(m.Distance([1, -1, 3]) > 2 * m.Distance([1, 1, 3]));
        Assert.True(m.Distance([0, 0, 30]) > 5);
    }

    [Fact]
    public void A_profile_rides_in_the_weight_set_through_a_file_and_the_model_import_ignores_it()
    {
        Torch.Init();
        var spec = new ClassifierSpec(Classes: 2, Width: 4);
        using var model = spec.CreateModel(1);
        var cases = Phantoms.Classification(12, 32, seed: 2);
        var profile = TrainingProfile.Build(model, cases, calibrationCases: cases.Take(6).ToList(), new ProfileOptions(ShiftsPerCase: 2));

        var withProfile = profile.AddTo(model.ExportWeights());
        var file = SafeTensors.Read(SafeTensors.ToBytes(withProfile, new WeightMetadata(spec.ArchitectureId, "1", "r", "test")));
        var read = TrainingProfile.ReadFrom(file.Weights);

        Assert.Contains(file.Weights.Keys, k => k.StartsWith(TrainingProfile.WeightPrefix, StringComparison.Ordinal));
        Assert.NotNull(read);
        Assert.Equal(12, read.Image.Count);
        Assert.Equal((float)profile.Image.Mean[3], (float)read.Image.Mean[3]);
        Assert.Equal(profile.Embedding!.Dimension, read.Embedding!.Dimension);
        Assert.Equal(profile.Combiner is null, read.Combiner is null);
        using var loaded = spec.CreateModel(99);
        loaded.ImportWeights(file.Weights);
        Assert.True(loaded.ExportWeights().ContentEquals(model.ExportWeights()));
        Assert.True(TrainingProfile.Strip(file.Weights).ContentEquals(model.ExportWeights()));
        Assert.Null(TrainingProfile.ReadFrom(model.ExportWeights()));
    }

    [Fact]
    public void A_name_outside_the_reserved_prefix_still_fails_the_strict_import()
    {
        Torch.Init();
        using var model = new ClassifierSpec(Classes: 2, Width: 4).CreateModel(1);
        var extra = new WeightSet(model.ExportWeights().Append(new("profiles.mean", WeightTensor.Float32([1], [0f]))));

        var e = Assert.Throws<ArgumentException>(() => model.ImportWeights(extra));
        Assert.Contains("profiles.mean", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_combiner_learns_which_signal_foretells_a_poor_result_and_scores_it_higher()
    {
        var rng = new Random(11);
        var names = TriageSignals.Names.ToList();
        var mirrored = names.IndexOf(TriageSignals.DisagreementName(ImageVariant.Mirrored));
        var rows = new List<double[]>();
        var poor = new List<bool>();
        for (var i = 0; i < 400; i++)
        {
            var bad = i % 4 == 0;
            var s = names.Select(_ => rng.NextDouble()).ToArray();
            for (var d = names.Count - 3; d < names.Count; d++) s[d] = 0.5 + rng.NextDouble();
            s[mirrored] = (bad ? 0.5 : 0) + 0.4 * rng.NextDouble();
            rows.Add(s);
            poor.Add(bad);
        }

        var combiner = TriageCombiner.Fit(rows, poor);

        Assert.NotNull(combiner);
        Assert.Equal(mirrored, Array.IndexOf(combiner.Weights, combiner.Weights.Max()));
        var calm = (double[])rows[1].Clone();
        calm[mirrored] = 0.05;
        var troubled = (double[])calm.Clone();
        troubled[mirrored] = 0.9;
        Assert.True(combiner.Score(troubled) > 0.8);
        Assert.True(combiner.Score(calm) < 0.2);
        // A missing signal counts as its mean instead of poisoning the score.
        var missing = (double[])troubled.Clone();
        missing[names.Count - 1] = double.NaN;
        Assert.InRange(combiner.Score(missing), 0, 1);
        Assert.Null(TriageCombiner.Fit(rows, rows.Select(_ => false).ToList()));
    }

    [Fact]
    public void Pooling_combiners_fitted_on_the_same_cases_changes_nothing()
    {
        var rng = new Random(2);
        var rows = Enumerable.Range(0, 100).Select(_ => TriageSignals.Names.Select(_ => 0.1 + rng.NextDouble()).ToArray()).ToList();
        var poor = rows.Select(r => r[0] > 0.8).ToList();
        var one = TriageCombiner.Fit(rows, poor)!;

        var pooled = TriageCombiner.Pool([one, one]);

        Assert.Equal(200, pooled.Count);
        Assert.Equal(one.Score(rows[7]), pooled.Score(rows[7]), 1e-9);
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
