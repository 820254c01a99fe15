namespace FedBus.Learning.Signals;

/// <summary>Small pure image operations on row-major float images (the model grid), shared by the variants and the calibration shifts.</summary>
public static class ImageOperations
{
    /// <summary>Separable Gaussian blur with edge clamping; σ ≤ 0 returns a copy.</summary>
    public static float[] GaussianBlur(float[] image, int height, int width, double sigma)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (sigma <= 0) return (float[])image.Clone();
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new double[2 * radius + 1];
        double sum = 0;
        for (var i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.Exp(-i * i / (2 * sigma * sigma));
        for (var i = 0; i < kernel.Length; i++) kernel[i] /= sum;
        var temp = new float[image.Length];
        var result = new float[image.Length];
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++)
            {
                double v = 0;
                for (var k = -radius; k <= radius; k++) v += kernel[k + radius] * image[r * width + Math.Clamp(c + k, 0, width - 1)];
                temp[r * width + c] = (float)v;
            }
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++)
            {
                double v = 0;
                for (var k = -radius; k <= radius; k++) v += kernel[k + radius] * temp[Math.Clamp(r + k, 0, height - 1) * width + c];
                result[r * width + c] = (float)v;
            }
        return result;
    }

    /// <summary>Gamma on the image's own range: (x − min)/(max − min) raised to <paramref name="gamma"/>, mapped back.</summary>
    public static float[] Gamma(float[] image, double gamma)
    {
        ArgumentNullException.ThrowIfNull(image);
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in image) { min = Math.Min(min, v); max = Math.Max(max, v); }
        var range = max - min;
        if (!(range > 0)) return (float[])image.Clone();
        var result = new float[image.Length];
        for (var i = 0; i < image.Length; i++) result[i] = (float)(min + range * Math.Pow((image[i] - min) / range, gamma));
        return result;
    }

    /// <summary>Adds Gaussian noise of <paramref name="sigma"/> × the image's intensity range, from <paramref name="random"/>.</summary>
    public static float[] AddNoise(float[] image, double sigma, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in image) { min = Math.Min(min, v); max = Math.Max(max, v); }
        var scale = sigma * Math.Max(max - min, 1e-6);
        var result = new float[image.Length];
        for (var i = 0; i < image.Length; i++)
        {
            // Box–Muller from the explicit generator, so a seed gives the same noise everywhere.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            result[i] = (float)(image[i] + scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return result;
    }

    /// <summary>Multiplies by a linear ramp 1 ± <paramref name="amplitude"/> across the image at <paramref name="angleDegrees"/> (a coil's bias field).</summary>
    public static float[] BiasField(float[] image, int height, int width, double amplitude, double angleDegrees)
    {
        ArgumentNullException.ThrowIfNull(image);
        var a = angleDegrees * Math.PI / 180;
        double ca = Math.Cos(a), sa = Math.Sin(a);
        var result = new float[image.Length];
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++)
            {
                var t = ((c + 0.5) / width - 0.5) * ca + ((r + 0.5) / height - 0.5) * sa;
                result[r * width + c] = (float)(image[r * width + c] * (1 + 2 * amplitude * t));
            }
        return result;
    }
}
