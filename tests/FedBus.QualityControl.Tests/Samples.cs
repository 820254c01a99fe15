using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.QualityControl.Rules;

namespace FedBus.QualityControl.Tests;

/// <summary>Small labels a reader can check by eye.</summary>
internal static class Samples
{
    public static readonly LabelSchema Brain = new(1, ["background", "brain"]);
    public static readonly LabelSchema FiveClasses = new(1, ["normal", "glioma", "meningioma", "pituitary", "metastasis"]);
    public static readonly LabelSchema Lesions = new(1, ["lesion", "cyst", "calcification"]);

    /// <summary>A mask from rows of digits, e.g. Mask("0011", "0111").</summary>
    public static MaskLabel Mask(params string[] rows) =>
        new(rows.Length, rows[0].Length, rows.SelectMany(r => r.Select(c => (byte)(c - '0'))).ToArray());

    public static MaskLabel Filled(int height, int width, byte value) => new(height, width, Enumerable.Repeat(value, height * width).ToArray());

    public static ClassIdLabel Class(int id) => new(id);

    public static BoxesLabel Boxes(params LabelBox[] boxes) => new(boxes);

    public static LabelBox Box(double x0, double y0, double x1, double y1, int classId) => new(x0, y0, x1, y1, classId);

    public static LabelUnderReview UnderReview(
        TaskKind task, LabelSchema labels, ImageLabel label, int rows = 4, int columns = 4, ImageLabel? prefill = null,
        string[]? openedBecause = null, ReaderHistory? history = null, bool structureExpected = false) =>
        new(task, labels, rows, columns, label, prefill, openedBecause ?? ["uncertainty"], history ?? ReaderHistory.None, structureExpected);
}
