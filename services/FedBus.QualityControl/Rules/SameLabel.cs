using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Rules;

/// <summary>Whether two labels say the same thing; a prediction's probabilities and scores do not count.</summary>
public static class SameLabel
{
    private const double Tolerance = 1e-6;

    public static bool As(ImageLabel a, ImageLabel b) => (a, b) switch
    {
        (MaskLabel x, MaskLabel y) => x.Height == y.Height && x.Width == y.Width && x.ClassIds.AsSpan().SequenceEqual(y.ClassIds),
        (ClassIdLabel x, ClassIdLabel y) => x.ClassId == y.ClassId,
        (BoxesLabel x, BoxesLabel y) => x.Boxes.Count == y.Boxes.Count && Sorted(x).Zip(Sorted(y)).All(p => Same(p.First, p.Second)),
        _ => false,
    };

    private static IEnumerable<LabelBox> Sorted(BoxesLabel boxes) =>
        boxes.Boxes.OrderBy(b => b.ClassId).ThenBy(b => b.X0).ThenBy(b => b.Y0).ThenBy(b => b.X1).ThenBy(b => b.Y1);

    private static bool Same(LabelBox a, LabelBox b) =>
        a.ClassId == b.ClassId && Math.Abs(a.X0 - b.X0) <= Tolerance && Math.Abs(a.Y0 - b.Y0) <= Tolerance &&
        Math.Abs(a.X1 - b.X1) <= Tolerance && Math.Abs(a.Y1 - b.Y1) <= Tolerance;
}
