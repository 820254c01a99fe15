using FedBus.Learning.Cases;
using FedBus.Learning.Metrics;
using FedBus.Learning.Predictions;

namespace FedBus.Learning.Signals;

/// <summary>
/// How good one prediction is against its label, and the bar below which it counts as poor — what triage tries to
/// foresee: segmentation mean foreground Dice &lt; 0.9, classification the wrong class, detection the image's own
/// mAP@0.5 &lt; 0.5 (an image without objects: a box scoring ≥ 0.5 is a confident false alarm, quality 0).
/// </summary>
public static class PredictionQuality
{
    public const double PoorBelow = 0.9;
    public const double PoorDetectionBelow = 0.5;
    public const double ConfidentBoxScore = 0.5;

    public static double Of(CaseLabel label, CasePrediction prediction, int classes) => (label, prediction) switch
    {
        (SegmentationLabel s, SegmentationPrediction p) => SegmentationMetrics.MeanForegroundDice(p.Mask, s.Mask, classes),
        (ClassLabel c, ClassificationPrediction p) => p.ClassId == c.ClassId ? 1 : 0,
        (DetectionLabel d, DetectionPrediction p) => d.Boxes.Count == 0
            ? p.Detections.Any(x => x.Score >= ConfidentBoxScore) ? 0 : 1
            : DetectionMetrics.MeanAveragePrecision([p.Detections], [d.Boxes]),
        _ => throw new ArgumentException($"A {label.GetType().Name} cannot grade a {prediction.GetType().Name}."),
    };

    public static bool IsPoor(CaseLabel label, CasePrediction prediction, int classes)
    {
        var q = Of(label, prediction, classes);
        return prediction.Task switch
        {
            TaskKind.Segmentation => q < PoorBelow,
            TaskKind.Classification => q < 1,
            _ => q < PoorDetectionBelow,
        };
    }
}
