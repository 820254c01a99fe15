using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;

namespace FedBus.Learning.Profiles;

/// <summary>
/// The same few numbers from a training label and from a prediction, so a prediction can be compared with what the
/// training labels looked like: area and fragmentation of a mask, the class, number and placement of boxes.
/// </summary>
public static class OutputFeatures
{
    public static IReadOnlyList<string> NamesFor(TaskKind task, int classes) => task switch
    {
        TaskKind.Segmentation => ["foreground_fraction", "components", "largest_component_share"],
        TaskKind.Classification => Enumerable.Range(0, classes).Select(c => $"class_{c}").ToArray(),
        TaskKind.Detection => ["box_count", "box_area_fraction", "boxes_on_background", "boxes_outside_image"],
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };

    public static double[] OfLabel(CaseLabel label, ImageSlice image, int classes) => label switch
    {
        SegmentationLabel s => Mask(s.Mask, image.Height, image.Width),
        ClassLabel c => OneHot(c.ClassId, classes),
        DetectionLabel d => Boxes(d.Boxes, image),
        _ => throw new ArgumentException($"No output features for {label.GetType().Name}.", nameof(label)),
    };

    public static double[] OfPrediction(CasePrediction prediction, ImageSlice image, int classes) => prediction switch
    {
        SegmentationPrediction s => Mask(s.Mask, s.Height, s.Width),
        ClassificationPrediction c => OneHot(c.ClassId, classes),
        DetectionPrediction d => Boxes(d.Detections.Select(x => x.Box).ToList(), image),
        _ => throw new ArgumentException($"No output features for {prediction.GetType().Name}.", nameof(prediction)),
    };

    /// <summary>Foreground (class &gt; 0) share of the image, its 4-connected components and the largest one's share of it.</summary>
    public static double[] Mask(ReadOnlySpan<byte> mask, int height, int width)
    {
        var (foreground, components, largest) = Components(mask, height, width);
        return [(double)foreground / (height * width), components, foreground == 0 ? 1 : (double)largest / foreground];
    }

    /// <summary>Counts of the foreground's 4-connected components (flood fill; no recursion).</summary>
    public static (int Foreground, int Components, int Largest) Components(ReadOnlySpan<byte> mask, int height, int width)
    {
        if (mask.Length != height * width) throw new ArgumentException($"A {height}×{width} mask has {height * width} values, got {mask.Length}.", nameof(mask));
        var seen = new bool[mask.Length];
        var stack = new Stack<int>();
        int foreground = 0, components = 0, largest = 0;
        for (var start = 0; start < mask.Length; start++)
        {
            if (mask[start] == 0 || seen[start]) continue;
            components++;
            var size = 0;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                size++;
                int r = i / width, c = i % width;
                if (c > 0) Visit(i - 1, mask);
                if (c < width - 1) Visit(i + 1, mask);
                if (r > 0) Visit(i - width, mask);
                if (r < height - 1) Visit(i + width, mask);
            }
            foreground += size;
            largest = Math.Max(largest, size);
        }
        return (foreground, components, largest);

        void Visit(int j, ReadOnlySpan<byte> m)
        {
            if (m[j] == 0 || seen[j]) return;
            seen[j] = true;
            stack.Push(j);
        }
    }

    private static double[] OneHot(int classId, int classes)
    {
        var v = new double[classes];
        if (classId >= 0 && classId < classes) v[classId] = 1;
        return v;
    }

    /// <summary>Box count, their summed area as a share of the image, and how much of them lies on background or outside the image.</summary>
    public static double[] Boxes(IReadOnlyList<BoundingBox> boxes, ImageSlice image)
    {
        if (boxes.Count == 0) return [0, 0, 0, 0];
        int h = image.Height, w = image.Width;
        var dark = BackgroundMask(image);
        double area = 0, onBackground = 0, outside = 0;
        foreach (var b in boxes)
        {
            double full = Math.Max(0, b.X1 - b.X0) * Math.Max(0, b.Y1 - b.Y0);
            int x0 = Math.Clamp((int)Math.Floor(b.X0), 0, w), x1 = Math.Clamp((int)Math.Ceiling(b.X1), 0, w);
            int y0 = Math.Clamp((int)Math.Floor(b.Y0), 0, h), y1 = Math.Clamp((int)Math.Ceiling(b.Y1), 0, h);
            int inside = 0, darkInside = 0;
            for (var r = y0; r < y1; r++)
                for (var c = x0; c < x1; c++)
                {
                    inside++;
                    if (dark[r * w + c]) darkInside++;
                }
            area += full;
            onBackground += inside == 0 ? 1 : (double)darkInside / inside;
            outside += full <= 0 ? 0 : Math.Max(0, 1 - inside / full);
        }
        return [boxes.Count, area / (h * w), onBackground / boxes.Count, outside / boxes.Count];
    }

    /// <summary>Pixels at the dark end of the image (below a tenth of the 1–99 % range): air and background.</summary>
    public static bool[] BackgroundMask(ImageSlice image)
    {
        var sorted = (float[])image.Pixels.Clone();
        Array.Sort(sorted);
        var lo = sorted[(int)(0.01 * (sorted.Length - 1))];
        var hi = sorted[(int)(0.99 * (sorted.Length - 1))];
        var limit = lo + 0.1 * (hi - lo);
        return image.Pixels.Select(v => v <= limit).ToArray();
    }
}
