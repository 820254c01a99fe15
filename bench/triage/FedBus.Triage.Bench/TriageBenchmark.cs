using System.Diagnostics;
using System.Globalization;
using FedBus.BrainMri;
using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Metrics;
using FedBus.Learning.Predictions;
using FedBus.Learning.Profiles;
using FedBus.Learning.Signals;
using FedBus.Learning.Training;

namespace FedBus.Triage.Bench;

/// <summary>
/// Triage quality per task: a model trained centrally on the clean training positions, its profile and combiner fitted
/// on the validation split (clean + synthetic shifts), then every held-out slice under every scanner and two stress
/// corruptions. For each image: is the prediction poor (Dice &lt; 0.9, wrong class, AP &lt; 0.5) and what does triage say.
/// </summary>
internal static class TriageBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<TaskOutcome> Run(IReadOnlyList<TaskKind> tasks, int size, int seed, string? csvFolder)
    {
        var ds = BrainMriDataset.Shared;
        var data = new BenchData(size);
        var outcomes = new List<TaskOutcome>();
        foreach (var task in tasks)
        {
            var clock = Stopwatch.StartNew();
            var train = ds.TrainSplit().Select(s => data.Case(task, s, data.ToModel(s.Image))).ToList();
            ModelSpec spec = task switch
            {
                TaskKind.Classification => new ClassifierSpec(Classes: ds.ClassNames.Count),
                TaskKind.Detection => new CenterNetSpec(Classes: ds.DetectionClassNames.Count),
                _ => new UNetSpec(),
            };
            using var model = spec.CreateModel(seed);
            var options = new TrainingOptions
            {
                Seed = seed,
                MaxEpochs = task == TaskKind.Segmentation ? 12 : 25,
                Patience = task == TaskKind.Segmentation ? 4 : 6,
                LearningRate = task == TaskKind.Detection ? 2e-3 : 1e-3,
            };
            var trained = new Trainer(options).Train(model, train);
            var (_, validation) = CaseSplit.Partition(train, options.ValidationFraction);
            var profileClock = Stopwatch.StartNew();
            var profile = TrainingProfile.Build(model, train, validation, ProfileOptions.Default with { Seed = seed });
            Console.WriteLine($"{spec.ArchitectureId} at {size}²: trained {trained.EpochsRun} epochs ({trained.Elapsed.TotalSeconds:F0} s); " +
                              $"profile + combiner on {validation.Count} validation cases × 6 in {profileClock.Elapsed.TotalSeconds:F0} s" +
                              (profile.Combiner is null ? " — NO COMBINER (calibration set had one outcome only)" : ""));

            var prediction = ProfileOptions.Default.EffectivePrediction;
            var rows = new List<ImageOutcome>();
            foreach (var condition in Condition.All(size))
            {
                var slices = ds.TestSplit(condition.Source);
                var cases = slices.Select((s, i) => data.Case(task, s, condition.Render(data.ToModel(s.Image), i, size))).ToList();
                var analyzed = ImageAnalyzer.Analyze(model, cases.Select(c => c.Image).ToList(), prediction);
                for (var i = 0; i < cases.Count; i++)
                {
                    var signals = TriageSignals.Measure(analyzed[i], profile, spec.Classes);
                    rows.Add(new ImageOutcome(condition.Name, condition.IsScanner, cases[i].CaseId,
                        PredictionQuality.Of(cases[i].Label, analyzed[i].Prediction, spec.Classes),
                        PredictionQuality.IsPoor(cases[i].Label, analyzed[i].Prediction, spec.Classes),
                        profile.Combiner?.Score(signals) ?? double.NaN, signals));
                }
            }
            if (csvFolder is not null) WriteCsv(Path.Combine(csvFolder, $"triage-{task}.csv"), rows);
            var outcome = new TaskOutcome(task, spec.ArchitectureId, rows, clock.Elapsed);
            outcome.Print();
            outcomes.Add(outcome);
        }
        return outcomes;
    }

    private static void WriteCsv(string path, List<ImageOutcome> rows)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(string.Join(",", new[] { "condition", "scanner", "case", "quality", "poor", "triage" }.Concat(TriageSignals.Names)));
        foreach (var r in rows)
            w.WriteLine(string.Join(",", new[] { r.Condition, r.IsScanner ? "1" : "0", r.CaseId, r.Quality.ToString(Inv), r.Poor ? "1" : "0", r.Triage.ToString(Inv) }
                .Concat(r.Signals.Select(v => v.ToString(Inv)))));
    }
}
