using FedBus.Imaging.Labels;

namespace FedBus.Imaging.Geometry;

/// <summary>
/// Maps an image of <see cref="Rows"/>×<see cref="Columns"/> onto a square model input of <see cref="Size"/>²: scaled
/// uniformly to fit, centred, the rest padded — so anatomy keeps its proportions whatever the acquisition matrix.
/// Images shrink by area averaging (a 128² slice into 64² is exactly the 2×2 mean the models were trained on), masks
/// by the class covering most of each output pixel, and predictions go back to the image's own grid by nearest
/// neighbour, so a pre-annotation always has the image's size.
/// </summary>
public sealed record Letterbox
{
    private readonly Footprint[] _columns;
    private readonly Footprint[] _rows;

    public Letterbox(int rows, int columns, int size)
    {
        if (rows <= 0 || columns <= 0) throw new ArgumentOutOfRangeException(nameof(rows), $"Image size must be positive, got {rows}×{columns}.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Rows = rows;
        Columns = columns;
        Size = size;
        Scale = (double)size / Math.Max(rows, columns);
        OffsetX = (size - columns * Scale) / 2;
        OffsetY = (size - rows * Scale) / 2;
        _columns = Footprints(columns, OffsetX);
        _rows = Footprints(rows, OffsetY);
    }

    public int Rows { get; }
    public int Columns { get; }
    public int Size { get; }

    /// <summary>Model pixels per image pixel.</summary>
    public double Scale { get; }
    public double OffsetX { get; }
    public double OffsetY { get; }

    /// <summary>The model input: area-averaged image, <paramref name="pad"/> outside it.</summary>
    public float[] ImageToModel(ReadOnlySpan<float> image, float pad)
    {
        CheckLength(image.Length, Rows * Columns, "image");
        var output = new float[Size * Size];
        var footprintArea = 1 / (Scale * Scale);
        for (var oy = 0; oy < Size; oy++)
        {
            var fy = _rows[oy];
            for (var ox = 0; ox < Size; ox++)
            {
                var fx = _columns[ox];
                double sum = 0, covered = 0;
                for (var r = 0; r < fy.Count; r++)
                {
                    var wy = fy.Weights[r];
                    var row = image.Slice((fy.First + r) * Columns, Columns);
                    for (var c = 0; c < fx.Count; c++)
                    {
                        var w = wy * fx.Weights[c];
                        sum += w * row[fx.First + c];
                        covered += w;
                    }
                }
                output[oy * Size + ox] = (float)((sum + (footprintArea - covered) * pad) / footprintArea);
            }
        }
        return output;
    }

    /// <summary>A mask in the model's grid: per output pixel the class with the largest area in it (padding is class 0).</summary>
    public byte[] MaskToModel(MaskLabel mask)
    {
        if (mask.Height != Rows || mask.Width != Columns)
            throw new ArgumentException($"The mask is {mask.Height}×{mask.Width}, the image {Rows}×{Columns}.", nameof(mask));
        var output = new byte[Size * Size];
        Span<double> area = stackalloc double[256];
        Span<byte> touched = stackalloc byte[256];
        var footprintArea = 1 / (Scale * Scale);
        for (var oy = 0; oy < Size; oy++)
        {
            var fy = _rows[oy];
            for (var ox = 0; ox < Size; ox++)
            {
                var fx = _columns[ox];
                var distinct = 0;
                double covered = 0;
                for (var r = 0; r < fy.Count; r++)
                {
                    for (var c = 0; c < fx.Count; c++)
                    {
                        var v = mask.ClassIds[(fy.First + r) * Columns + fx.First + c];
                        var w = fy.Weights[r] * fx.Weights[c];
                        if (area[v] == 0) touched[distinct++] = v;
                        area[v] += w;
                        covered += w;
                    }
                }
                // Padding counts as background; ties go to the lower class id, so background wins an exact half.
                var best = area[0] + (footprintArea - covered);
                byte bestClass = 0;
                for (var i = 0; i < distinct; i++)
                {
                    var v = touched[i];
                    if (v != 0 && (area[v] > best || (area[v] == best && v < bestClass))) { best = area[v]; bestClass = v; }
                }
                for (var i = 0; i < distinct; i++) area[touched[i]] = 0;
                output[oy * Size + ox] = bestClass;
            }
        }
        return output;
    }

    /// <summary>A model-grid mask back on the image's own grid (nearest neighbour at each image pixel's centre).</summary>
    public MaskLabel MaskToImage(ReadOnlySpan<byte> modelMask)
    {
        CheckLength(modelMask.Length, Size * Size, "model mask");
        var ids = new byte[Rows * Columns];
        for (var r = 0; r < Rows; r++)
        {
            var my = Math.Clamp((int)Math.Floor((r + 0.5) * Scale + OffsetY), 0, Size - 1);
            for (var c = 0; c < Columns; c++)
            {
                var mx = Math.Clamp((int)Math.Floor((c + 0.5) * Scale + OffsetX), 0, Size - 1);
                ids[r * Columns + c] = modelMask[my * Size + mx];
            }
        }
        return new MaskLabel(Rows, Columns, ids);
    }

    public LabelBox BoxToModel(LabelBox box) => box with
    {
        X0 = box.X0 * Scale + OffsetX, X1 = box.X1 * Scale + OffsetX,
        Y0 = box.Y0 * Scale + OffsetY, Y1 = box.Y1 * Scale + OffsetY,
    };

    /// <summary>A model-grid box in the image's pixel edges, clipped to the image.</summary>
    public LabelBox BoxToImage(LabelBox box) => box with
    {
        X0 = Math.Clamp((box.X0 - OffsetX) / Scale, 0, Columns), X1 = Math.Clamp((box.X1 - OffsetX) / Scale, 0, Columns),
        Y0 = Math.Clamp((box.Y0 - OffsetY) / Scale, 0, Rows), Y1 = Math.Clamp((box.Y1 - OffsetY) / Scale, 0, Rows),
    };

    private Footprint[] Footprints(int length, double offset)
    {
        // Output pixel o covers image coordinates [(o - offset) / scale, (o + 1 - offset) / scale).
        var result = new Footprint[Size];
        for (var o = 0; o < Size; o++)
        {
            var start = (o - offset) / Scale;
            var end = (o + 1 - offset) / Scale;
            var first = Math.Max(0, (int)Math.Floor(start));
            var last = Math.Min(length - 1, (int)Math.Ceiling(end) - 1);
            var weights = new List<double>();
            for (var i = first; i <= last; i++)
            {
                var w = Math.Min(end, i + 1) - Math.Max(start, i);
                weights.Add(Math.Max(0, w));
            }
            result[o] = new Footprint(first, weights.Count, weights.ToArray());
        }
        return result;
    }

    private static void CheckLength(int actual, int expected, string what)
    {
        if (actual != expected) throw new ArgumentException($"The {what} has {actual} values, {expected} expected.");
    }

    private readonly record struct Footprint(int First, int Count, double[] Weights);
}
