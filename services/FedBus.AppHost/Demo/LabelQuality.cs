using FedBus.Imaging.Labels;
using FedBus.Learning.Metrics;

namespace FedBus.AppHost.Demo;

/// <summary>
/// How good one label (a prediction, or a reader's answer) is against the truth, in the image's grid, and whether that
/// counts as "the model was poor here" — the yardstick of triage precision.
/// </summary>
internal static class LabelQuality
{
    /// <summary>A segmentation below this Dice was worth a radiologist's time.</summary>
    public const double PoorDice = 0.9;

    /// <summary>1 = perfect: mean foreground Dice (masks), 1/0 (class), F1 of boxes matched at IoU ≥ 0.5 (boxes).</summary>
    public static double Score(ImageLabel label, ImageLabel truth, int classes) => (label, truth) switch
    {
        (MaskLabel p, MaskLabel t) when p.Height == t.Height && p.Width == t.Width =>
            SegmentationMetrics.MeanForegroundDice(p.ClassIds, t.ClassIds, classes),
        (MaskLabel, MaskLabel) => 0,
        (ClassIdLabel p, ClassIdLabel t) => p.ClassId == t.ClassId ? 1 : 0,
        (BoxesLabel p, BoxesLabel t) => BoxF1(p.Boxes, t.Boxes),
        _ => 0,
    };

    public static bool IsPoor(ImageLabel prediction, ImageLabel truth, int classes) => prediction switch
    {
        MaskLabel => Score(prediction, truth, classes) < PoorDice,
        _ => Score(prediction, truth, classes) < 1,
    };

    private static double BoxF1(IReadOnlyList<LabelBox> predicted, IReadOnlyList<LabelBox> truth)
    {
        if (predicted.Count == 0 && truth.Count == 0) return 1;
        var used = new bool[truth.Count];
        int matched = 0;
        foreach (var p in predicted.OrderByDescending(b => b.Score ?? 1))
        {
            int best = -1;
            double bestIoU = 0.5;
            for (int i = 0; i < truth.Count; i++)
            {
                if (used[i] || truth[i].ClassId != p.ClassId) continue;
                var iou = p.IoU(truth[i]);
                if (iou >= bestIoU) (best, bestIoU) = (i, iou);
            }
            if (best < 0) continue;
            used[best] = true;
            matched++;
        }
        return 2.0 * matched / (predicted.Count + truth.Count);
    }
}
