using FedBus.Learning.Metrics;
using FedBus.Learning.Predictions;

namespace FedBus.Learning.Signals;

/// <summary>How much two predictions of one image disagree, 0 (same) … 1 (nothing in common).</summary>
public static class Agreement
{
    /// <summary>Boxes below this score are not compared (the detector reports weak candidates too).</summary>
    public const double BoxScore = 0.3;

    public static double Disagreement(CasePrediction a, CasePrediction b, int classes) => (a, b) switch
    {
        // Total variation distance between the class distributions.
        (ClassificationPrediction x, ClassificationPrediction y) => 0.5 * x.Probabilities.Zip(y.Probabilities, (p, q) => Math.Abs(p - q)).Sum(),
        (SegmentationPrediction x, SegmentationPrediction y) => 1 - SegmentationMetrics.MeanForegroundDice(x.Mask, y.Mask, classes),
        (DetectionPrediction x, DetectionPrediction y) => Boxes(x, y),
        _ => throw new ArgumentException($"Cannot compare a {a.GetType().Name} with a {b.GetType().Name}."),
    };

    /// <summary>1 − mean best same-class IoU over the confident boxes of both (each matched against the other's).</summary>
    private static double Boxes(DetectionPrediction x, DetectionPrediction y)
    {
        var a = x.Detections.Where(d => d.Score >= BoxScore).Select(d => d.Box).ToList();
        var b = y.Detections.Where(d => d.Score >= BoxScore).Select(d => d.Box).ToList();
        if (a.Count + b.Count == 0) return 0;
        double Best(Cases.BoundingBox box, List<Cases.BoundingBox> others) =>
            others.Where(o => o.ClassId == box.ClassId).Select(o => (double)box.IoU(o)).DefaultIfEmpty(0).Max();
        return 1 - (a.Sum(box => Best(box, b)) + b.Sum(box => Best(box, a))) / (a.Count + b.Count);
    }
}
