using Xunit.Abstractions;
using FedBus.BrainMri;
using FedBus.Inference.Tests.Support;
using FedBus.Learning.Metrics;
using FedBus.Learning.Predictions;
using FedBus.Learning.Signals;

namespace FedBus.Inference.Tests;

/// <summary>
/// The short version of bench/triage for the task where MC-dropout fails: the classifier grows more confident on
/// shifted slices, so its own doubt cannot find its mistakes; the combined score (consistency + distance from the
/// training profile, weighted by the combiner fitted on validation cases under synthetic shifts) can.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class TriageQualityTests(TrainedModels models, ITestOutputHelper output)
{
    [Fact]
    public void For_classification_the_combined_triage_score_finds_poor_predictions_under_scanner_shifts_better_than_MC_dropout_alone()
    {
        var ds = BrainMriDataset.Shared;
        using var model = models.ClassifierSpec.CreateModel(0);
        model.ImportWeights(models.ClassifierWeights);
        var scanners = new[] { ScannerProfiles.Clean, ScannerProfiles.Moderate, ScannerProfiles.Strong, ScannerProfiles.Site3 };
        var cases = scanners.SelectMany((p, k) => ds.TestSplit(p.Source).Select((s, i) =>
        {
            var clean = TrainedModels.Case(s, s.Image);
            return new FedBus.Learning.Cases.LabeledCase(clean.CaseId + "@" + p.Name,
                new FedBus.Learning.Cases.ImageSlice(TrainedModels.Size, TrainedModels.Size, p.Apply(clean.Image.Pixels, TrainedModels.Size, TrainedModels.Size, (ulong)(k * 1000 + i))),
                clean.Label);
        })).ToList();

        var analyzed = ImageAnalyzer.Analyze(model, cases.Select(c => c.Image).ToList(), new PredictionOptions(McPasses: 8, BatchSize: 32));
        var poor = analyzed.Select((a, i) => PredictionQuality.IsPoor(cases[i].Label, a.Prediction, 4)).ToList();
        var combined = analyzed.Select(a => TriageAssessor.Assess(a, models.ClassifierProfile, 4).Score).ToList();
        var mc = analyzed.Select(a => a.Prediction.Uncertainty.TriageScore).ToList();

        Assert.InRange(poor.Count(p => p), 20, poor.Count - 20);
        var aucCombined = ClassificationMetrics.RocAuc(combined, poor);
        var aucMc = ClassificationMetrics.RocAuc(mc, poor);
        output.WriteLine($"{poor.Count(p => p)} poor of {poor.Count}; AUROC combined {aucCombined:F3}, MC-dropout {aucMc:F3}");
        Assert.True(aucCombined >= aucMc + 0.15, $"combined AUROC {aucCombined:F3} vs MC-dropout {aucMc:F3} ({poor.Count(p => p)} poor of {poor.Count})");
        Assert.True(aucCombined >= 0.70, $"combined AUROC {aucCombined:F3} vs MC-dropout {aucMc:F3}");
    }
}
