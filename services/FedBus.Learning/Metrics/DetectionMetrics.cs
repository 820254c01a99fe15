using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;

namespace FedBus.Learning.Metrics;

/// <summary>Mean average precision at an IoU threshold (PASCAL VOC 2010+ all-point interpolation).</summary>
public static class DetectionMetrics
{
    /// <summary>
    /// mAP@<paramref name="iouThreshold"/>: per class, all detections over all images sorted by score
    /// (ties keep image order), each matched greedily to the unmatched reference box of that class with
    /// the highest IoU ≥ threshold (otherwise a false positive); AP = area under the precision envelope
    /// of the precision–recall curve. mAP = mean AP over classes that have at least one reference box.
    /// </summary>
    public static double MeanAveragePrecision(
        IReadOnlyList<IReadOnlyList<Detection>> detections, IReadOnlyList<IReadOnlyList<BoundingBox>> references, double iouThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(references);
        if (detections.Count != references.Count)
            throw new ArgumentException($"{detections.Count} detection lists but {references.Count} reference lists.");
        var classes = references.SelectMany(r => r).Select(b => b.ClassId).Distinct().OrderBy(c => c).ToList();
        if (classes.Count == 0) throw new ArgumentException("No reference boxes: mAP is undefined.");
        return classes.Average(c => AveragePrecision(detections, references, c, iouThreshold));
    }

    /// <summary>AP of one class (see <see cref="MeanAveragePrecision"/>).</summary>
    public static double AveragePrecision(
        IReadOnlyList<IReadOnlyList<Detection>> detections, IReadOnlyList<IReadOnlyList<BoundingBox>> references, int classId, double iouThreshold = 0.5)
    {
        int total = references.Sum(r => r.Count(b => b.ClassId == classId));
        if (total == 0) throw new ArgumentException($"Class {classId} has no reference boxes: AP is undefined.");
        var candidates = detections
            .SelectMany((list, image) => list.Where(d => d.Box.ClassId == classId).Select(d => (Image: image, d.Box, d.Score)))
            .Select((d, order) => (d.Image, d.Box, d.Score, Order: order))
            .OrderByDescending(d => d.Score).ThenBy(d => d.Order)
            .ToList();
        var used = references.Select(r => new bool[r.Count]).ToArray();
        var tp = new int[candidates.Count];
        for (int k = 0; k < candidates.Count; k++)
        {
            var (image, box, _, _) = candidates[k];
            int best = -1;
            double bestIoU = iouThreshold;
            var refs = references[image];
            for (int r = 0; r < refs.Count; r++)
            {
                if (refs[r].ClassId != classId || used[image][r]) continue;
                double iou = box.IoU(refs[r]);
                if (iou >= bestIoU) { bestIoU = iou; best = r; }
            }
            if (best >= 0) { used[image][best] = true; tp[k] = 1; }
        }
        // Precision envelope, then area under the step curve at every recall change.
        var recall = new double[candidates.Count];
        var precision = new double[candidates.Count];
        int cumTp = 0;
        for (int k = 0; k < candidates.Count; k++)
        {
            cumTp += tp[k];
            recall[k] = (double)cumTp / total;
            precision[k] = (double)cumTp / (k + 1);
        }
        for (int k = candidates.Count - 2; k >= 0; k--) precision[k] = Math.Max(precision[k], precision[k + 1]);
        double ap = 0, previousRecall = 0;
        for (int k = 0; k < candidates.Count; k++)
        {
            ap += (recall[k] - previousRecall) * precision[k];
            previousRecall = recall[k];
        }
        return ap;
    }
}
