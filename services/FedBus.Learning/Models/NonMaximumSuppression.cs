using FedBus.Learning.Predictions;

namespace FedBus.Learning.Models;

/// <summary>Greedy per-class non-maximum suppression.</summary>
public static class NonMaximumSuppression
{
    /// <summary>
    /// Keeps detections best-first; drops any whose IoU with an already kept box of the same class is
    /// ≥ <paramref name="iouThreshold"/>. Ties in score keep input order.
    /// </summary>
    public static IReadOnlyList<Detection> Apply(IReadOnlyList<Detection> detections, double iouThreshold)
    {
        ArgumentNullException.ThrowIfNull(detections);
        var ordered = detections.Select((d, i) => (d, i)).OrderByDescending(x => x.d.Score).ThenBy(x => x.i).Select(x => x.d);
        var kept = new List<Detection>();
        foreach (var d in ordered)
            if (!kept.Any(k => k.Box.ClassId == d.Box.ClassId && k.Box.IoU(d.Box) >= iouThreshold))
                kept.Add(d);
        return kept;
    }
}
