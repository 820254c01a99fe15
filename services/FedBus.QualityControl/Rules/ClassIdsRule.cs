using System.Globalization;
using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Rules;

/// <summary>
/// Every class id is in the task's list (0 … K−1). When ids fall outside it, tells a label counted from 1 apart from a
/// plain wrong id:
/// <list type="bullet">
/// <item>Mask: every pixel in 1 … K and none 0. A 0-based mask always has background, so a mask without any 0 whose
/// largest value is K is decided by itself.</item>
/// <item>Class or boxes: all ids in 1 … K and one equal to K. One id alone cannot tell "K−1 counted from 1" from a slip
/// of the key, so it needs corroboration: the model's pre-annotation says K−1 (for boxes: more boxes overlap a
/// pre-annotated box one class lower than one of the same class), or the reader counted from 1 recently. Without it,
/// the label is out of range and the message names both readings.</item>
/// <item>Mask of 0 and 255 only: a binary image saved at full scale, not class ids.</item>
/// </list>
/// Ids inside the list are never questioned: a label counted from 1 that stays in range is indistinguishable from a
/// correct one (e.g. class 2 of 5).
/// </summary>
public sealed class ClassIdsRule : ILabelRule
{
    private const int ListedIds = 5;
    private const double BoxOverlap = 0.5;

    public IEnumerable<QcFinding> Check(LabelUnderReview review)
    {
        var k = review.ClassCount;
        var ids = UsedIds(review.Label);
        var invalid = ids.Where(id => id < 0 || id >= k).Order().ToList();
        if (invalid.Count == 0) yield break;

        var countedFromOne = ids.All(id => id >= 1 && id <= k);
        switch (review.Label)
        {
            case MaskLabel m:
                if (k >= 2 && ids.All(id => id is 0 or 255) && !countedFromOne)
                    yield return QcFinding.Error(QcCodes.MaskScaled255,
                        $"The mask marks the structure with pixel value 255. Pixel values are class ids: 0 = {Name(review, 0)}, 1 = {Name(review, 1)}" +
                        (k > 2 ? $" … {k - 1} = {Name(review, k - 1)}" : "") + ". Save the mask with class ids, not as a black-and-white image.");
                else if (countedFromOne)
                    yield return QcFinding.Error(QcCodes.OneBasedLabels,
                        $"No pixel of the mask is 0 and its values run up to {k}: the mask counts classes from 1. Class ids start at 0 " +
                        $"(0 = {Name(review, 0)}{(k > 1 ? $", {k - 1} = {Name(review, k - 1)}" : "")}); subtract 1 from every pixel.");
                else
                    yield return OutOfRange(review, invalid, m);
                break;
            case ClassIdLabel c:
                var prefillSaysOneLower = review.Prefill is ClassIdLabel p && p.ClassId == c.ClassId - 1;
                if (countedFromOne && (prefillSaysOneLower || review.History.CountedFromOneLately))
                    yield return QcFinding.Error(QcCodes.OneBasedLabels,
                        $"Class {c.ClassId} does not exist: this task's {k} classes are numbered 0 to {k - 1}, so class {c.ClassId} counted from 1 is " +
                        $"{c.ClassId - 1} ({Name(review, c.ClassId - 1)}). {Because(review, prefillSaysOneLower)}Submit {c.ClassId - 1}.");
                else
                    yield return OutOfRange(review, invalid, null);
                break;
            case BoxesLabel b:
                var prefillSaysShift = review.Prefill is BoxesLabel pb && PrefillSupportsShift(b, pb);
                if (countedFromOne && (prefillSaysShift || review.History.CountedFromOneLately))
                    yield return QcFinding.Error(QcCodes.OneBasedLabels,
                        $"The boxes' classes run from 1 to {k}, but this task's classes are numbered 0 to {k - 1}: the boxes count classes from 1. " +
                        $"{Because(review, prefillSaysShift)}Subtract 1 from every box's class.");
                else
                    yield return OutOfRange(review, invalid, null);
                break;
        }
    }

    internal static IReadOnlySet<int> UsedIds(ImageLabel label) => label switch
    {
        MaskLabel m => Histogram(m).Select((n, id) => (n, id)).Where(x => x.n > 0).Select(x => x.id).ToHashSet(),
        ClassIdLabel c => new HashSet<int> { c.ClassId },
        BoxesLabel b => b.Boxes.Select(x => x.ClassId).ToHashSet(),
        _ => new HashSet<int>(),
    };

    internal static long[] Histogram(MaskLabel mask)
    {
        var counts = new long[256];
        foreach (var v in mask.ClassIds) counts[v]++;
        return counts;
    }

    /// <summary>More of the label's boxes sit on a pre-annotated box one class lower than on one of their own class.</summary>
    private static bool PrefillSupportsShift(BoxesLabel label, BoxesLabel prefill)
    {
        int shifted = 0, same = 0;
        foreach (var box in label.Boxes)
        {
            var best = prefill.Boxes.Select(p => (p, iou: p.IoU(box))).Where(x => x.iou >= BoxOverlap).OrderByDescending(x => x.iou).FirstOrDefault();
            if (best.iou < BoxOverlap) continue;
            if (best.p.ClassId == box.ClassId - 1) shifted++;
            else if (best.p.ClassId == box.ClassId) same++;
        }
        return shifted > same;
    }

    private static string Because(LabelUnderReview review, bool prefillAgrees) =>
        prefillAgrees ? "The model's pre-annotation agrees with that reading. "
        : review.History.CountedFromOneLately ? "Your recent labels for this model were counted from 1 as well. " : "";

    private static QcFinding OutOfRange(LabelUnderReview review, List<int> invalid, MaskLabel? mask)
    {
        var k = review.ClassCount;
        var counts = mask is null ? null : Histogram(mask);
        var listed = string.Join(", ", invalid.Take(ListedIds).Select(id => counts is null
            ? id.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{id} ({counts[id]} pixel{(counts[id] == 1 ? "" : "s")})")));
        if (invalid.Count > ListedIds) listed += $" and {invalid.Count - ListedIds} more";
        var what = invalid.Count == 1 ? $"Class {listed} is" : $"Classes {listed} are";
        var hint = invalid.Contains(k) && k >= 1
            ? $" If you counted from 1, class {k} is {k - 1} ({Name(review, k - 1)})."
            : "";
        return QcFinding.Error(QcCodes.ClassOutOfRange,
            $"{what} not in this task's list of {k} classes ({ClassList(review)}).{hint}");
    }

    private static string ClassList(LabelUnderReview review)
    {
        var names = review.Labels.ClassNames;
        return names.Count <= 8
            ? string.Join(", ", names.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{i} = {n}")))
            : string.Create(CultureInfo.InvariantCulture, $"0 = {names[0]} … {names.Count - 1} = {names[^1]}");
    }

    private static string Name(LabelUnderReview review, int id) =>
        id >= 0 && id < review.ClassCount ? review.Labels.ClassNames[id] : id.ToString(CultureInfo.InvariantCulture);
}
