using FedBus.Learning.Cases;

namespace FedBus.Learning.Tests.Support;

/// <summary>
/// Synthetic test images in the spirit of MONAI's create_test_image_2d: a noisy background with
/// random bright ellipses. Deterministic from the seed.
/// </summary>
internal static class Phantoms
{
    public static IReadOnlyList<LabeledCase> Segmentation(int count, int size, int seed, string prefix = "seg")
    {
        var rng = new Random(seed);
        var cases = new List<LabeledCase>(count);
        for (int n = 0; n < count; n++)
        {
            var (image, mask) = Ellipses(rng, size, rng.Next(1, 4));
            cases.Add(new LabeledCase($"{prefix}-{seed}-{n}", new ImageSlice(size, size, image), new SegmentationLabel(mask)));
        }
        return cases;
    }

    /// <summary>Class 1 when the image holds a second, small bright disc besides the ellipse; 0 otherwise.</summary>
    public static IReadOnlyList<LabeledCase> Classification(int count, int size, int seed, string prefix = "cls")
    {
        var rng = new Random(seed);
        var cases = new List<LabeledCase>(count);
        for (int n = 0; n < count; n++)
        {
            int label = n % 2;
            var (image, _) = Ellipses(rng, size, 1);
            if (label == 1)
            {
                int cx = rng.Next(size / 4, 3 * size / 4), cy = rng.Next(size / 4, 3 * size / 4);
                double r = size / 10.0;
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++)
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) image[y * size + x] = 2.0f;
            }
            cases.Add(new LabeledCase($"{prefix}-{seed}-{n}", new ImageSlice(size, size, image), new ClassLabel(label)));
        }
        return cases;
    }

    /// <summary>One ellipse per image; its box is the pixel extent of the ellipse (class 0).</summary>
    public static IReadOnlyList<LabeledCase> Detection(int count, int size, int seed, string prefix = "det")
    {
        var rng = new Random(seed);
        var cases = new List<LabeledCase>(count);
        for (int n = 0; n < count; n++)
        {
            var (image, mask) = Ellipses(rng, size, 1);
            int x0 = size, y0 = size, x1 = -1, y1 = -1;
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    if (mask[y * size + x] != 0) { x0 = Math.Min(x0, x); x1 = Math.Max(x1, x); y0 = Math.Min(y0, y); y1 = Math.Max(y1, y); }
            cases.Add(new LabeledCase($"{prefix}-{seed}-{n}", new ImageSlice(size, size, image),
                new DetectionLabel([new BoundingBox(x0, y0, x1 + 1, y1 + 1, 0)])));
        }
        return cases;
    }

    private static (float[] Image, byte[] Mask) Ellipses(Random rng, int size, int count)
    {
        var image = new float[size * size];
        var mask = new byte[size * size];
        for (int i = 0; i < image.Length; i++) image[i] = (float)(rng.NextDouble() * 0.3);
        for (int e = 0; e < count; e++)
        {
            double rx = rng.Next(size / 8, size / 4), ry = rng.Next(size / 8, size / 4);
            double cx = rng.Next((int)rx + 1, size - (int)rx - 1), cy = rng.Next((int)ry + 1, size - (int)ry - 1);
            double angle = rng.NextDouble() * Math.PI;
            double c = Math.Cos(angle), s = Math.Sin(angle);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    double dx = x - cx, dy = y - cy;
                    double u = (dx * c + dy * s) / rx, v = (-dx * s + dy * c) / ry;
                    if (u * u + v * v <= 1)
                    {
                        image[y * size + x] = 1.0f + (float)(rng.NextDouble() * 0.3);
                        mask[y * size + x] = 1;
                    }
                }
        }
        return (image, mask);
    }
}
