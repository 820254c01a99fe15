namespace FedBus.Desk.Tests.Support;

/// <summary>What the desk's tools must produce, written from their definitions (not from the desk's code).</summary>
public static class Expected
{
    /// <summary>
    /// A straight brush stroke of diameter <paramref name="size"/> from a to b: every pixel whose centre lies within size/2
    /// of the segment gets <paramref name="value"/>.
    /// </summary>
    public static void Stroke(byte[] mask, int width, (double X, double Y) a, (double X, double Y) b, int size, byte value)
    {
        var radius = size / 2.0;
        var r2 = radius * radius;
        var height = mask.Length / width;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (DistanceSquared(x + 0.5, y + 0.5, a.X, a.Y, b.X, b.Y) <= r2) mask[y * width + x] = value;
            }
        }
    }

    /// <summary>Squared distance from p to the segment a→b (the closest point clamped to the segment).</summary>
    public static double DistanceSquared(double px, double py, double ax, double ay, double bx, double by)
    {
        var dx = bx - ax;
        var dy = by - ay;
        var length2 = dx * dx + dy * dy;
        var t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0;
        t = Math.Min(1, Math.Max(0, t));
        var qx = ax + t * dx;
        var qy = ay + t * dy;
        return (px - qx) * (px - qx) + (py - qy) * (py - qy);
    }

    /// <summary>JavaScript's Math.round (halves up), which the desk uses for box edges and display values.</summary>
    public static int Round(double value) => (int)Math.Floor(value + 0.5);

    /// <summary>The 8-bit display value of a modality value under a linear window (DICOM PS3.3 C.11.2.1.2.1).</summary>
    public static int Display(double x, double center, double width)
    {
        var w = Math.Max(1, width);
        if (x <= center - 0.5 - (w - 1) / 2) return 0;
        if (x > center - 0.5 + (w - 1) / 2) return 255;
        return Round(((x - (center - 0.5)) / (w - 1) + 0.5) * 255);
    }
}
