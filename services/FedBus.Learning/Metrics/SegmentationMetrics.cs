namespace FedBus.Learning.Metrics;

/// <summary>
/// Overlap and boundary metrics for 2-D label masks (row-major class ids). Conventions, as MONAI's:
/// Dice/IoU of a class absent from both masks is 1 (nothing to find, nothing found); Hausdorff-95 is 0
/// when both are empty and +∞ when only one is.
/// </summary>
public static class SegmentationMetrics
{
    /// <summary>2|P∩R| / (|P| + |R|) for pixels of <paramref name="classId"/>.</summary>
    public static double Dice(ReadOnlySpan<byte> predicted, ReadOnlySpan<byte> reference, int classId)
    {
        var (inter, p, r) = Counts(predicted, reference, classId);
        return p + r == 0 ? 1 : 2.0 * inter / (p + r);
    }

    /// <summary>|P∩R| / |P∪R| for pixels of <paramref name="classId"/>.</summary>
    public static double IoU(ReadOnlySpan<byte> predicted, ReadOnlySpan<byte> reference, int classId)
    {
        var (inter, p, r) = Counts(predicted, reference, classId);
        return p + r == 0 ? 1 : (double)inter / (p + r - inter);
    }

    /// <summary>Mean Dice over classes 1..classes−1 (background excluded).</summary>
    public static double MeanForegroundDice(ReadOnlySpan<byte> predicted, ReadOnlySpan<byte> reference, int classes)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Need at least one foreground class.");
        double sum = 0;
        for (int c = 1; c < classes; c++) sum += Dice(predicted, reference, c);
        return sum / (classes - 1);
    }

    /// <summary>
    /// 95th-percentile symmetric Hausdorff distance between the boundaries of class
    /// <paramref name="classId"/> in two masks, in units of <paramref name="spacingY"/>/<paramref name="spacingX"/>.
    /// Boundary pixels: the class's pixels with a 4-neighbour outside it (pixels on the image edge count,
    /// as in MONAI's mask XOR erosion). For each boundary pixel of one mask the Euclidean distance to
    /// the nearest boundary pixel of the other is taken; the result is the larger of the two directed
    /// 95th percentiles (linear interpolation between order statistics, as numpy's default).
    /// Cost O(|∂P|·|∂R|): fine for slices up to ~512².
    /// </summary>
    public static double Hausdorff95(ReadOnlySpan<byte> predicted, ReadOnlySpan<byte> reference, int height, int width, int classId,
        double spacingY = 1, double spacingX = 1)
    {
        if (predicted.Length != height * width || reference.Length != height * width)
            throw new ArgumentException($"Masks must have {height}×{width} = {height * width} pixels; got {predicted.Length} and {reference.Length}.");
        var a = Boundary(predicted, height, width, classId);
        var b = Boundary(reference, height, width, classId);
        if (a.Count == 0 && b.Count == 0) return 0;
        if (a.Count == 0 || b.Count == 0) return double.PositiveInfinity;
        return Math.Max(Percentile(Directed(a, b, spacingY, spacingX), 95), Percentile(Directed(b, a, spacingY, spacingX), 95));
    }

    /// <summary>numpy-style linear percentile of <paramref name="values"/> (sorted in place).</summary>
    internal static double Percentile(double[] values, double q)
    {
        Array.Sort(values);
        double rank = q / 100 * (values.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, values.Length - 1);
        return values[lo] + (rank - lo) * (values[hi] - values[lo]);
    }

    private static (long Inter, long P, long R) Counts(ReadOnlySpan<byte> predicted, ReadOnlySpan<byte> reference, int classId)
    {
        if (predicted.Length != reference.Length)
            throw new ArgumentException($"Masks differ in size: {predicted.Length} vs {reference.Length} pixels.");
        long inter = 0, p = 0, r = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            bool inP = predicted[i] == classId, inR = reference[i] == classId;
            if (inP) p++;
            if (inR) r++;
            if (inP && inR) inter++;
        }
        return (inter, p, r);
    }

    private static List<(int Y, int X)> Boundary(ReadOnlySpan<byte> mask, int h, int w, int classId)
    {
        var points = new List<(int, int)>();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                if (mask[y * w + x] != classId) continue;
                bool edge = y == 0 || x == 0 || y == h - 1 || x == w - 1 ||
                            mask[(y - 1) * w + x] != classId || mask[(y + 1) * w + x] != classId ||
                            mask[y * w + x - 1] != classId || mask[y * w + x + 1] != classId;
                if (edge) points.Add((y, x));
            }
        return points;
    }

    private static double[] Directed(List<(int Y, int X)> from, List<(int Y, int X)> to, double sy, double sx)
    {
        var d = new double[from.Count];
        for (int i = 0; i < from.Count; i++)
        {
            double best = double.MaxValue;
            var (y, x) = from[i];
            foreach (var (ty, tx) in to)
            {
                double dy = (y - ty) * sy, dx = (x - tx) * sx;
                double dd = dy * dy + dx * dx;
                if (dd < best) best = dd;
            }
            d[i] = Math.Sqrt(best);
        }
        return d;
    }
}
