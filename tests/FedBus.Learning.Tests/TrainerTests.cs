using FedBus.Learning.Cases;
using FedBus.Learning.Tests.Support;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;

namespace FedBus.Learning.Tests;

public class TrainerTests
{
    private static readonly TrainingOptions Quick = new() { MaxEpochs = 2, BatchSize = 4, Patience = 5 };

    public TrainerTests() => Torch.Init();

    [Fact]
    public void The_same_seed_and_thread_count_give_bit_identical_weights_and_another_seed_does_not()
    {
        var cases = Phantoms.Segmentation(16, 32, seed: 1);
        WeightSet Run(long seed)
        {
            using var model = new UNetSpec(Dropout: 0.2).CreateModel(5);
            // No validation pool: every epoch counts, so the seed's effect cannot hide behind early stopping.
            new Trainer(Quick with { Seed = seed, ValidationFraction = 0, Augmentation = AugmentationOptions.Default with { NoiseStd = 0.02 } }).Train(model, cases);
            return model.ExportWeights();
        }
        var a = Run(1);
        var b = Run(1);
        var c = Run(2);
        Assert.True(a.ContentEquals(b), "same seed, different weights");
        Assert.False(a.ContentEquals(c), "different seeds, same weights");
    }

    [Fact]
    public void Training_on_phantoms_lifts_Dice_on_unseen_phantoms_well_above_the_untrained_model()
    {
        var train = Phantoms.Segmentation(48, 32, seed: 10);
        var test = Phantoms.Segmentation(16, 32, seed: 11, prefix: "test");
        using var model = new UNetSpec().CreateModel(1);
        double before = model.Evaluate(test);
        var progress = new List<EpochProgress>();
        var result = new Trainer(new TrainingOptions { MaxEpochs = 6, BatchSize = 8 }).Train(model, train, progress: new SyncProgress<EpochProgress>(progress.Add));
        double after = model.Evaluate(test);
        Assert.True(after > before + 0.3 && after > 0.75, $"Dice {before:F3} → {after:F3}");
        Assert.Equal(result.EpochsRun, progress.Count);
        Assert.Equal(Enumerable.Range(1, result.EpochsRun), progress.Select(p => p.Epoch));
        Assert.All(progress, p => Assert.True(double.IsFinite(p.TrainLoss) && p.ValidationScore is >= 0 and <= 1));
        Assert.Equal("dice", result.MetricName);
        Assert.Equal(result.BestScore, progress.Where(p => p.Improved).Select(p => p.ValidationScore!.Value).DefaultIfEmpty(result.InitialScore).Max());
    }

    [Fact]
    public void A_run_whose_loss_stops_being_a_number_keeps_the_best_weights_before_it_and_says_where()
    {
        var cases = Phantoms.Segmentation(16, 32, seed: 4);
        using var model = new UNetSpec().CreateModel(6);
        var start = model.ExportWeights();
        // A rate this large overflows float32 within a few steps.
        var result = new Trainer(new TrainingOptions { MaxEpochs = 5, BatchSize = 4, LearningRate = 1e30 }).Train(model, cases);

        var divergence = Assert.IsType<TrainingDivergence>(result.Divergence);
        Assert.False(double.IsFinite(divergence.Loss));
        Assert.Equal(1e30, divergence.LearningRate);
        Assert.Equal(divergence.Epoch - 1, result.EpochsRun);
        Assert.Equal(result.EpochsRun, result.History.Count);
        Assert.Equal(divergence.Step - 1, result.Steps);
        // No finished epoch beat the start here, so the starting weights are back, every one a number.
        Assert.True(result.KeptInitialWeights);
        Assert.True(model.ExportWeights().ContentEquals(start));
        Assert.True(double.IsFinite(model.Evaluate(cases)));
    }

    [Fact]
    public void Without_a_validation_pool_a_run_whose_loss_stops_being_a_number_fails_naming_the_step_and_the_rate()
    {
        var cases = Phantoms.Segmentation(16, 32, seed: 4);
        using var model = new UNetSpec().CreateModel(6);
        var options = new TrainingOptions { MaxEpochs = 5, BatchSize = 4, LearningRate = 1e30, ValidationFraction = 0 };

        var diverged = Assert.Throws<TrainingDivergedException>(() => new Trainer(options).Train(model, cases));

        Assert.Equal(1e30, diverged.Divergence.LearningRate);
        Assert.Contains($"epoch {diverged.Divergence.Epoch}, step {diverged.Divergence.Step}", diverged.Message, StringComparison.Ordinal);
        Assert.Contains("learning rate 1e+30", diverged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_no_epoch_beats_the_starting_weights_they_are_kept_and_training_stops_after_the_patience()
    {
        var cases = Phantoms.Segmentation(24, 32, seed: 2);
        // GroupNorm has no running statistics, and a learning rate this small cannot move the validation Dice.
        using var model = new UNetSpec(Norm: NormKind.Group).CreateModel(3);
        var start = model.ExportWeights();
        var result = new Trainer(new TrainingOptions { MaxEpochs = 10, Patience = 2, LearningRate = 1e-12, BatchSize = 8 }).Train(model, cases);
        Assert.True(result.StoppedEarly);
        Assert.Equal(2, result.EpochsRun);
        Assert.True(result.KeptInitialWeights);
        var end = model.ExportWeights();
        Assert.True(start.ContentEquals(end), "starting weights were not restored");
    }

    [Fact]
    public void A_large_FedProx_mu_keeps_local_weights_closer_to_the_global_ones()
    {
        var cases = Phantoms.Segmentation(16, 32, seed: 6);
        double Drift(double mu)
        {
            using var model = new UNetSpec().CreateModel(7);
            var global = model.ExportWeights();
            new Trainer(Quick with { ProximalMu = mu, LearningRate = 5e-3, ValidationFraction = 0 }).Train(model, cases, proximalReference: global);
            var local = model.ExportWeights();
            double sum = 0;
            foreach (var (name, w) in global)
                if (w.DType == WeightDType.F32 && !name.Contains("running", StringComparison.Ordinal))
                    for (int i = 0; i < w.Values.Length; i++) sum += Math.Pow(local[name].Values[i] - w.Values[i], 2);
            return Math.Sqrt(sum);
        }
        double free = Drift(0), prox = Drift(100);
        Assert.True(prox < 0.5 * free, $"‖w − w_global‖: μ=0 → {free:F4}, μ=100 → {prox:F4}");
    }

    [Fact]
    public void New_cases_are_replayed_more_often_when_weighted()
    {
        var old = Phantoms.Segmentation(20, 16, seed: 1, prefix: "old");
        var fresh = Phantoms.Segmentation(6, 16, seed: 2, prefix: "new");
        var all = old.Concat(fresh).ToList();
        var (train, _) = CaseSplit.Partition(all, 0.2);
        int newInTrain = train.Count(c => c.CaseId.StartsWith("new", StringComparison.Ordinal));
        using var model = new UNetSpec(Levels: 2, Width: 4).CreateModel(1);
        var options = new TrainingOptions { MaxEpochs = 1, BatchSize = 1, NewCaseWeight = 3, Augmentation = AugmentationOptions.None };
        var result = new Trainer(options).Train(model, all, newCaseIds: fresh.Select(c => c.CaseId).ToHashSet());
        Assert.Equal(train.Count + 2 * newInTrain, result.Steps);
        Assert.Equal(train.Count, result.TrainCases);
    }

    [Fact]
    public void Pools_the_caller_keeps_are_used_as_given_whatever_the_hash_says_and_a_case_in_both_is_refused()
    {
        var cases = Phantoms.Segmentation(12, 32, seed: 4);
        // The opposite of the hash split: every case the hash would hold out trains, and three it would train on validate.
        var (byHashTrain, byHashValidation) = CaseSplit.Partition(cases, 0.2);
        var validation = byHashTrain.Take(3).ToList();
        var train = byHashValidation.Concat(byHashTrain.Skip(3)).ToList();
        var progress = new List<EpochProgress>();
        using var model = new UNetSpec().CreateModel(1);
        var result = new Trainer(Quick).Train(model, train, validation, progress: new SyncProgress<EpochProgress>(progress.Add));
        Assert.Equal(train.Count, result.TrainCases);
        Assert.Equal(3, result.ValidationCases);
        Assert.All(progress, p => Assert.NotNull(p.ValidationScore));
        // Early stopping kept the weights that scored best on exactly these validation cases.
        Assert.Equal(result.BestScore, model.Evaluate(validation), 6);

        var e = Assert.Throws<ArgumentException>(() => new Trainer(Quick).Train(model, train, [.. validation, train[0]]));
        Assert.Contains($"Case id '{train[0].CaseId}' appears twice", e.Message);
        Assert.Throws<ArgumentException>(() => new Trainer(Quick).Train(model, [], validation));
    }

    [Fact]
    public void Bad_training_input_is_refused_with_the_case_named()
    {
        using var model = new UNetSpec().CreateModel(1);
        var seg = Phantoms.Segmentation(4, 32, seed: 1);
        var cls = Phantoms.Classification(1, 32, seed: 1);
        var mixed = seg.Append(cls[0]).ToList();
        var e1 = Assert.Throws<ArgumentException>(() => new Trainer(Quick).Train(model, mixed));
        Assert.Contains($"Case '{cls[0].CaseId}' carries a Classification label", e1.Message);

        var badMask = new LabeledCase("bad-1", seg[0].Image, new SegmentationLabel(Enumerable.Repeat((byte)5, 32 * 32).ToArray()));
        var e2 = Assert.Throws<ArgumentException>(() => new Trainer(Quick).Train(model, [badMask]));
        Assert.Contains("Case 'bad-1': Mask pixel 0 has class 5", e2.Message);

        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Quick with { NewCaseWeight = 0.5 }).Train(model, seg));
        Assert.Contains("New-case weight", e3.Message);
    }

    [Fact]
    public void The_classifier_learns_phantom_classes()
    {
        var train = Phantoms.Classification(64, 32, seed: 3);
        var test = Phantoms.Classification(32, 32, seed: 4, prefix: "test");
        using var model = new ClassifierSpec().CreateModel(1);
        new Trainer(new TrainingOptions { MaxEpochs = 8, BatchSize = 8 }).Train(model, train);
        double accuracy = model.Evaluate(test);
        Assert.True(accuracy >= 0.85, $"accuracy {accuracy:F3} (chance 0.5)");
    }

    [Fact]
    public void The_detector_learns_to_box_phantom_ellipses()
    {
        var train = Phantoms.Detection(64, 64, seed: 5);
        var test = Phantoms.Detection(24, 64, seed: 6, prefix: "test");
        using var model = new CenterNetSpec().CreateModel(1);
        double before = model.Evaluate(test);
        new Trainer(new TrainingOptions { MaxEpochs = 10, BatchSize = 8, LearningRate = 2e-3 }).Train(model, train);
        double after = model.Evaluate(test);
        Assert.True(after >= 0.5 && after > before + 0.3, $"mAP@0.5 {before:F3} → {after:F3}");
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
