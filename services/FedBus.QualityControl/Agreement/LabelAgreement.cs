using FedBus.Contracts;
using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Agreement;

/// <summary>
/// Agreement of two reads of one image. Masks: Dice per foreground class, averaged over the classes either read used
/// (two empty masks agree fully). Classes: exact match (Cohen's κ needs many tasks, so it is kept per reader pair over
/// time, see <see cref="CohenKappa"/>). Boxes: boxes of the same class matched greedily by IoU (from
/// <see cref="AgreementSettings.BoxMatchIoU"/>); F1 of the matches, and their mean IoU.
/// </summary>
public static class LabelAgreement
{
    public const string Dice = "dice";
    public const string ClassMatch = "class-match";
    public const string BoxF1 = "box-f1";
    public const string BoxMeanIoU = "box-mean-iou";

    public static AgreementResult Compare(ImageLabel a, ImageLabel b, AgreementSettings settings) => (a, b) switch
    {
        (MaskLabel x, MaskLabel y) => Masks(x, y, settings),
        (ClassIdLabel x, ClassIdLabel y) => Classes(x, y),
        (BoxesLabel x, BoxesLabel y) => Boxes(x, y, settings),
        _ => throw new ArgumentException($"Cannot compare {a.GetType().Name} with {b.GetType().Name}."),
    };

    public static double MeanDice(MaskLabel a, MaskLabel b)
    {
        if (a.Height != b.Height || a.Width != b.Width) return 0;
        var inA = new long[256];
        var inB = new long[256];
        var both = new long[256];
        var x = a.ClassIds;
        var y = b.ClassIds;
        for (var i = 0; i < x.Length; i++)
        {
            inA[x[i]]++;
            inB[y[i]]++;
            if (x[i] == y[i]) both[x[i]]++;
        }
        double sum = 0;
        var classes = 0;
        for (var c = 1; c < 256; c++)
        {
            if (inA[c] + inB[c] == 0) continue;
            sum += 2.0 * both[c] / (inA[c] + inB[c]);
            classes++;
        }
        return classes == 0 ? 1.0 : sum / classes;
    }

    /// <summary>Pairs of (index in a, index in b, IoU): same class, IoU from the threshold, highest IoU first, each box once.</summary>
    public static IReadOnlyList<(int A, int B, double IoU)> MatchBoxes(IReadOnlyList<LabelBox> a, IReadOnlyList<LabelBox> b, double minimumIoU, bool sameClass = true)
    {
        var candidates = new List<(int A, int B, double IoU)>();
        for (var i = 0; i < a.Count; i++)
            for (var j = 0; j < b.Count; j++)
            {
                if (sameClass && a[i].ClassId != b[j].ClassId) continue;
                var iou = a[i].IoU(b[j]);
                if (iou >= minimumIoU) candidates.Add((i, j, iou));
            }
        var usedA = new HashSet<int>();
        var usedB = new HashSet<int>();
        var matches = new List<(int, int, double)>();
        foreach (var c in candidates.OrderByDescending(c => c.IoU).ThenBy(c => c.A).ThenBy(c => c.B))
        {
            if (usedA.Contains(c.A) || usedB.Contains(c.B)) continue;
            usedA.Add(c.A);
            usedB.Add(c.B);
            matches.Add(c);
        }
        return matches;
    }

    private static AgreementResult Masks(MaskLabel a, MaskLabel b, AgreementSettings settings)
    {
        var dice = MeanDice(a, b);
        return new AgreementResult(Dice, dice, dice >= settings.MinimumDice, [new MetricValue(Dice, dice)]);
    }

    private static AgreementResult Classes(ClassIdLabel a, ClassIdLabel b)
    {
        var match = a.ClassId == b.ClassId ? 1.0 : 0.0;
        return new AgreementResult(ClassMatch, match, match == 1.0, [new MetricValue(ClassMatch, match)]);
    }

    private static AgreementResult Boxes(BoxesLabel a, BoxesLabel b, AgreementSettings settings)
    {
        var total = a.Boxes.Count + b.Boxes.Count;
        if (total == 0) return new AgreementResult(BoxF1, 1.0, true, [new MetricValue(BoxF1, 1.0)]);
        var matches = MatchBoxes(a.Boxes, b.Boxes, settings.BoxMatchIoU);
        var f1 = 2.0 * matches.Count / total;
        var metrics = new List<MetricValue> { new(BoxF1, f1) };
        if (matches.Count > 0) metrics.Add(new MetricValue(BoxMeanIoU, matches.Average(m => m.IoU)));
        return new AgreementResult(BoxF1, f1, f1 >= settings.MinimumBoxF1, metrics);
    }
}
