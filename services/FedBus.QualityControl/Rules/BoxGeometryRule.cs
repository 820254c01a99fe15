using System.Globalization;
using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Rules;

/// <summary>Every box lies inside the image (pixel edges 0…columns, 0…rows) and has a width and a height.</summary>
public sealed class BoxGeometryRule : ILabelRule
{
    private const int Listed = 5;

    public IEnumerable<QcFinding> Check(LabelUnderReview review)
    {
        if (review.Label is not BoxesLabel b) yield break;

        var flat = new List<string>();
        var outside = new List<string>();
        for (var i = 0; i < b.Boxes.Count; i++)
        {
            var box = b.Boxes[i];
            if (box.Width <= 0 || box.Height <= 0) flat.Add(Describe(i, box));
            if (box.X0 < 0 || box.Y0 < 0 || box.X1 > review.ImageColumns || box.Y1 > review.ImageRows) outside.Add(Describe(i, box));
        }
        if (flat.Count > 0)
            yield return QcFinding.Error(QcCodes.BoxZeroArea,
                $"{Count(flat.Count)} no area (the right edge must be right of the left edge and the bottom below the top): {List(flat)}. Redraw or delete {(flat.Count == 1 ? "it" : "them")}.");
        if (outside.Count > 0)
            yield return QcFinding.Error(QcCodes.BoxOutsideImage,
                $"{Count(outside.Count)} outside the {review.ImageColumns}×{review.ImageRows} image: {List(outside)}. Keep every box within the image.");
    }

    private static string Count(int n) => n == 1 ? "1 box has" : $"{n} boxes have";

    private static string List(List<string> boxes) =>
        string.Join("; ", boxes.Take(Listed)) + (boxes.Count > Listed ? $"; and {boxes.Count - Listed} more" : "");

    private static string Describe(int index, LabelBox box) => string.Create(CultureInfo.InvariantCulture,
        $"box {index + 1} (x {box.X0:0.#}–{box.X1:0.#}, y {box.Y0:0.#}–{box.Y1:0.#})");
}
