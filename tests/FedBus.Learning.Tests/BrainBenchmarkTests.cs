using FedBus.BrainMri;
using FedBus.Learning.Cases;
using FedBus.Learning.Metrics;
using FedBus.Learning.Tests.Support;
using FedBus.Learning.Training;
using Xunit.Abstractions;

namespace FedBus.Learning.Tests;

/// <summary>
/// The must-show results on the real brain MRI benchmark (brain extraction, held-out positions).
/// Numbers are printed to the test output and recorded in docs/learning.md.
/// </summary>
public class BrainBenchmarkTests(BrainSegmentationFixture brain, ITestOutputHelper output) : IClassFixture<BrainSegmentationFixture>
{
    [Fact]
    public void Centralised_training_reaches_a_held_out_Dice_far_above_an_untrained_model_and_a_mean_mask_baseline()
    {
        double baseline = MeanMaskBaselineDice();
        output.WriteLine($"centralised: {brain.Result.TrainCases} train / {brain.Result.ValidationCases} validation cases, " +
                         $"{brain.Result.EpochsRun} epochs (best {brain.Result.BestEpoch}), {brain.TrainingTime.TotalSeconds:F0} s");
        output.WriteLine($"held-out Dice: untrained {brain.UntrainedDice:F4}, per-view mean-mask baseline {baseline:F4}, trained {brain.Dice:F4}");
        Assert.True(brain.Dice >= brain.UntrainedDice + 0.5, $"trained {brain.Dice:F4} vs untrained {brain.UntrainedDice:F4}");
        // The floor: a model must clearly beat "predict the average brain shape of this view", and the
        // reference PyTorch run reached 0.976 at 128² — 0.90 leaves room for 64², 12 epochs and seeds.
        Assert.True(brain.Dice >= Math.Max(0.90, baseline + 0.1), $"trained {brain.Dice:F4}, baseline {baseline:F4}");
    }

    [Fact]
    public void MC_dropout_triage_scores_corrupted_slices_above_clean_ones()
    {
        var clean = brain.Test;
        var strong = BrainData.Segmentation(BrainData.Dataset.TestSplit(), ScannerProfiles.Strong, seed: 3);
        var blurred = BrainData.Corrupt(clean, "blur2", (img, _) => { ImageCorruption.GaussianBlur(img, BrainData.Size, BrainData.Size, 2); return img; });
        var inverted = BrainData.Corrupt(clean, "inverted", (img, _) => img.Select(v => 1 - v).ToArray());
        var corrupted = new[] { ("strong scanner γ1.4 σ0.08", strong), ("blur σ2 px", blurred), ("contrast inverted", inverted) };

        var options = new Predictions.PredictionOptions(McPasses: 8, Seed: 1, BatchSize: 16);
        var cleanScores = brain.Model.Predict(clean.Select(c => c.Image).ToList(), options).Select(p => p.Uncertainty).ToList();
        var pooledScores = cleanScores.Select(u => u.TriageScore).ToList();
        var pooledLabels = cleanScores.Select(_ => false).ToList();
        foreach (var (name, cases) in corrupted)
        {
            var scores = brain.Model.Predict(cases.Select(c => c.Image).ToList(), options).Select(p => p.Uncertainty).ToList();
            double auc = ClassificationMetrics.RocAuc(cleanScores.Select(u => u.TriageScore).Concat(scores.Select(u => u.TriageScore)).ToList(),
                cleanScores.Select(_ => false).Concat(scores.Select(_ => true)).ToList());
            double aucMi = ClassificationMetrics.RocAuc(cleanScores.Select(u => u.MutualInformation).Concat(scores.Select(u => u.MutualInformation)).ToList(),
                cleanScores.Select(_ => false).Concat(scores.Select(_ => true)).ToList());
            output.WriteLine($"{name}: Dice {brain.Model.Evaluate(cases):F4}, mean TriageScore {scores.Average(u => u.TriageScore):F4} " +
                             $"(clean {cleanScores.Average(u => u.TriageScore):F4}), AUROC TriageScore {auc:F3}, AUROC mutual information {aucMi:F3}");
            pooledScores.AddRange(scores.Select(u => u.TriageScore));
            pooledLabels.AddRange(scores.Select(_ => true));
        }
        double pooled = ClassificationMetrics.RocAuc(pooledScores, pooledLabels);
        output.WriteLine($"pooled AUROC (91 clean vs 273 corrupted held-out slices): {pooled:F3}");
        // 0.5 is chance; 0.85 means the corrupted slice of a random clean/corrupted pair scores higher
        // 85% of the time — enough for a queue that puts doubtful cases first.
        Assert.True(pooled >= 0.85, $"pooled AUROC {pooled:F3}");
    }

    [Fact]
    public void Retraining_with_replay_after_a_new_scanner_matches_training_from_scratch_and_beats_retraining_on_the_new_cases_alone()
    {
        // A site's scanner changes ("strong": γ 1.4, noise σ 0.08); radiologists correct 16 slices from it.
        var ds = BrainData.Dataset;
        var newScanner = ScannerProfiles.Strong;
        var candidates = BrainData.Segmentation(ds.TrainSplit(), newScanner, seed: 11);
        var rng = new Random(5);
        var fresh = candidates.OrderBy(_ => rng.Next()).Take(16).ToList();
        var accepted = brain.Train.Concat(fresh).ToList();
        var freshIds = fresh.Select(c => c.CaseId).ToHashSet();
        var heldOutClean = brain.Test;
        var heldOutShifted = BrainData.Segmentation(ds.TestSplit(), newScanner, seed: 12);
        (double Clean, double Shifted) Measure(ITaskModel m) => (m.Evaluate(heldOutClean), m.Evaluate(heldOutShifted));

        var roundOne = Measure(brain.Model);
        var retrain = BrainSegmentationFixture.Options with { Seed = 2, MaxEpochs = 8 };

        // What the previous system did: retrain the current model on the new images alone.
        using var newOnlyModel = FromRoundOne();
        new Trainer(retrain).Train(newOnlyModel, fresh);
        var newOnly = Measure(newOnlyModel);
        // Replay: every accepted case, the new ones weighted ×4, starting from the current model.
        using var replayModel = FromRoundOne();
        var replayResult = new Trainer(retrain with { NewCaseWeight = 4 }).Train(replayModel, accepted, newCaseIds: freshIds);
        var replay = Measure(replayModel);
        // Reference: a fresh model trained on all accepted cases.
        using var scratchModel = BrainSegmentationFixture.Spec.CreateModel(seed: 2);
        new Trainer(BrainSegmentationFixture.Options with { Seed = 2 }).Train(scratchModel, accepted);
        var scratch = Measure(scratchModel);

        static double Mean((double Clean, double Shifted) d) => (d.Clean + d.Shifted) / 2;
        void Line(string name, (double Clean, double Shifted) d) =>
            output.WriteLine($"{name,-30} clean {d.Clean:F4}  new scanner {d.Shifted:F4}  mean {Mean(d):F4}");
        Line("round 1 (before new cases)", roundOne);
        Line("retrain on the 16 new only", newOnly);
        Line($"retrain with replay ({replayResult.EpochsRun} ep)", replay);
        Line("from scratch on all accepted", scratch);
        output.WriteLine($"new-only vs round 1: {Mean(newOnly) - Mean(roundOne):+0.0000;-0.0000} (clean {newOnly.Clean - roundOne.Clean:+0.0000;-0.0000}); " +
                         $"replay vs scratch: {Mean(replay) - Mean(scratch):+0.0000;-0.0000}");

        Assert.True(Mean(replay) >= Mean(scratch) - 0.01, $"replay {Mean(replay):F4} vs scratch {Mean(scratch):F4}");
        Assert.True(Mean(replay) >= Mean(roundOne), $"replay {Mean(replay):F4} fell below round 1 {Mean(roundOne):F4}");
        Assert.True(replay.Shifted >= roundOne.Shifted, $"replay {replay.Shifted:F4} did not help on the new scanner ({roundOne.Shifted:F4})");
        // Why replay at all: retraining on the 16 new slices alone forgets the clean scanner (measured: clean −0.03,
        // mean −0.012 against round 1; replay +0.04 mean above new-only), so the loop must not do that.
        Assert.True(newOnly.Clean < roundOne.Clean, $"new-only {newOnly.Clean:F4} did not forget the clean scanner (round 1 {roundOne.Clean:F4})");
        Assert.True(Mean(replay) >= Mean(newOnly) + 0.01, $"replay {Mean(replay):F4} is not clearly above new-only {Mean(newOnly):F4}");
        Assert.True(replay.Clean >= newOnly.Clean + 0.01, $"replay {replay.Clean:F4} did not keep the clean scanner better than new-only {newOnly.Clean:F4}");
    }

    private ITaskModel FromRoundOne()
    {
        var m = BrainSegmentationFixture.Spec.CreateModel(seed: 9);
        m.ImportWeights(brain.RoundOneWeights);
        return m;
    }

    /// <summary>Per view, the pixel-wise majority of the training masks, scored on the held-out slices.</summary>
    private double MeanMaskBaselineDice()
    {
        var ds = BrainData.Dataset;
        double sum = 0;
        int n = 0;
        foreach (var view in Enum.GetValues<SliceView>())
        {
            var train = BrainData.Segmentation(ds.TrainSplit(views: [view]));
            var votes = new int[BrainData.Size * BrainData.Size];
            foreach (var c in train)
            {
                var m = ((SegmentationLabel)c.Label).Mask;
                for (int i = 0; i < m.Length; i++) votes[i] += m[i];
            }
            var majority = votes.Select(v => (byte)(2 * v >= train.Count ? 1 : 0)).ToArray();
            foreach (var c in BrainData.Segmentation(ds.TestSplit(views: [view])))
            {
                sum += SegmentationMetrics.Dice(majority, ((SegmentationLabel)c.Label).Mask, 1);
                n++;
            }
        }
        return sum / n;
    }
}
