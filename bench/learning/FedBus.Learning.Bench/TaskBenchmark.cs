using System.Diagnostics;
using FedBus.BrainMri;
using FedBus.BrainMri.Cases;
using FedBus.Learning.Cases;
using FedBus.Learning.Metrics;
using FedBus.Learning.Predictions;
using FedBus.Learning.Training;

namespace FedBus.Learning.Bench;

/// <summary>
/// --tasks: trains the classifier (slice level, 4 classes) and the detector (3 structures) on the brain
/// MRI benchmark at 64² and reports held-out accuracy / AUC / mAP@0.5 (the must-show tests cover
/// segmentation; these two are measured here, not asserted).
/// </summary>
internal static class TaskBenchmark
{
    private const int Size = 64;

    public static void Run()
    {
        var ds = BrainMriDataset.Shared;
        foreach (var task in (Environment.GetEnvironmentVariable("TASKS") ?? "Classification,Detection").Split(",").Select(Enum.Parse<TaskKind>))
        {
            var train = BrainMriCases.For(task, ds.TrainSplit()).Select(Downsample).ToList();
            var test = BrainMriCases.For(task, ds.TestSplit()).Select(Downsample).ToList();
            ModelSpec spec = task == TaskKind.Classification ? new ClassifierSpec(Classes: ds.ClassNames.Count) : new CenterNetSpec(Classes: ds.DetectionClassNames.Count);
            using var model = spec.CreateModel(1);
            double before = model.Evaluate(test);
            var clock = Stopwatch.StartNew();
            var options = new TrainingOptions { MaxEpochs = 25, Patience = 6, LearningRate = task == TaskKind.Detection ? 2e-3 : 1e-3 };
            var result = new Trainer(options).Train(model, train);
            Console.WriteLine($"{spec.ArchitectureId} at {Size}²: held-out {model.MetricName} {before:F4} → {model.Evaluate(test):F4} " +
                              $"(best epoch {result.BestEpoch} of {result.EpochsRun}, {clock.Elapsed.TotalSeconds:F0} s, {result.TrainCases} train / {result.ValidationCases} validation)");
            ReportTriage(model, test);
            if (task == TaskKind.Classification)
            {
                var predictions = model.Predict(test.Select(c => c.Image).ToList(), PredictionOptions.Deterministic).Cast<ClassificationPrediction>().ToList();
                var truth = test.Select(c => ((ClassLabel)c.Label).ClassId).ToList();
                Console.WriteLine($"  macro one-vs-rest ROC AUC {ClassificationMetrics.RocAucOneVsRest(predictions.Select(p => p.Probabilities).ToList(), truth):F4}; " +
                                  $"majority-class rate {truth.GroupBy(t => t).Max(g => g.Count()) / (double)truth.Count:F4}");
            }
        }
    }

    /// <summary>TriageScore AUROC: the clean held-out slices against the same slices corrupted three ways.</summary>
    private static void ReportTriage(ITaskModel model, IReadOnlyList<LabeledCase> test)
    {
        var options = new PredictionOptions(McPasses: 8, Seed: 1, BatchSize: 16);
        var clean = model.Predict(test.Select(c => c.Image).ToList(), options).Select(p => p.Uncertainty.TriageScore).ToList();
        var corruptions = new (string Name, Func<float[], int, float[]> Apply)[]
        {
            ("strong scanner", (img, i) => ScannerProfiles.Strong.Apply(img, Size, Size, (ulong)i + 1)),
            ("blur σ2", (img, _) => { ImageCorruption.GaussianBlur(img, Size, Size, 2); return img; }),
            ("inverted", (img, _) => img.Select(v => 1 - v).ToArray()),
        };
        var line = new List<string>();
        foreach (var (name, apply) in corruptions)
        {
            var images = test.Select((c, i) => new ImageSlice(Size, Size, apply((float[])c.Image.Pixels.Clone(), i))).ToList();
            var scores = model.Predict(images, options).Select(p => p.Uncertainty.TriageScore).ToList();
            double auc = ClassificationMetrics.RocAuc(clean.Concat(scores).ToList(), clean.Select(_ => false).Concat(scores.Select(_ => true)).ToList());
            line.Add($"{name} {auc:F3} (mean {scores.Average():F3})");
        }
        Console.WriteLine($"  TriageScore AUROC clean (mean {clean.Average():F3}) vs: {string.Join("; ", line)}");
    }

    private static LabeledCase Downsample(LabeledCase c)
    {
        const int f = BrainMriDataset.Size / Size;
        var img = new float[Size * Size];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                float sum = 0;
                for (int dy = 0; dy < f; dy++)
                    for (int dx = 0; dx < f; dx++)
                        sum += c.Image.Pixels[(y * f + dy) * BrainMriDataset.Size + x * f + dx];
                img[y * Size + x] = sum / (f * f);
            }
        CaseLabel label = c.Label is DetectionLabel d
            ? new DetectionLabel(d.Boxes.Select(b => new Cases.BoundingBox(b.X0 / f, b.Y0 / f, b.X1 / f, b.Y1 / f, b.ClassId)).ToArray())
            : c.Label;
        return new LabeledCase(c.CaseId, new ImageSlice(Size, Size, img), label);
    }
}
