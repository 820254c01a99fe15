using FedBus.Learning.Cases;

namespace FedBus.Learning.Profiles;

/// <summary>
/// Intensity and texture statistics of a model input, computed on the image as the network sees it (per-image
/// z-score, so a site's overall gain or offset does not count as a shift — the model ignores it too). They describe
/// what a scanner changes: histogram shape (gamma, contrast, inversion), noise (the Laplacian's robust spread and the
/// neighbour correlation), sharpness (gradient, blur) and contrast polarity (border against centre). Compared with the
/// training distribution of the current model (<see cref="TrainingProfile"/>) they flag images the model was never
/// taught to read — where its own MC-dropout doubt is known to fail (the classifier grows more confident on them).
/// </summary>
public static class ImageStatistics
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "skewness", "kurtosis", "q01", "q10", "q50", "q90", "q99", "dark_fraction", "histogram_entropy",
        "noise_mad", "laplacian_rms", "gradient_mean", "neighbour_correlation", "neighbour_correlation_2", "border_minus_centre",
    ];

    private const int HistogramBins = 32;

    /// <summary>The statistics of one image, in the order of <see cref="Names"/>.</summary>
    public static double[] Compute(ImageSlice image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int h = image.Height, w = image.Width, n = h * w;
        var x = ZScore(image.Pixels);
        var f = new double[Names.Count];

        double m3 = 0, m4 = 0;
        foreach (var v in x)
        {
            var v2 = (double)v * v;
            m3 += v2 * v;
            m4 += v2 * v2;
        }
        f[0] = m3 / n;
        f[1] = m4 / n;

        var quantiles = OrderStatistics.Quantiles((float[])x.Clone(), [0.01, 0.10, 0.50, 0.90, 0.99]);
        quantiles.CopyTo(f, 2);
        double q01 = quantiles[0], q99 = quantiles[4];

        var darkLimit = q01 + 0.1 * (q99 - q01);
        var histogram = new int[HistogramBins];
        var dark = 0;
        foreach (var v in x)
        {
            if (v <= darkLimit) dark++;
            var bin = (int)Math.Floor((v + 4.0) / 8.0 * HistogramBins);
            histogram[Math.Clamp(bin, 0, HistogramBins - 1)]++;
        }
        f[7] = (double)dark / n;
        double entropy = 0;
        foreach (var c in histogram)
        {
            if (c == 0) continue;
            var p = (double)c / n;
            entropy -= p * Math.Log(p);
        }
        f[8] = entropy / Math.Log(HistogramBins);

        var (noiseMad, laplacianRms) = Laplacian(x, h, w);
        f[9] = noiseMad;
        f[10] = laplacianRms;
        f[11] = GradientMean(x, h, w);
        f[12] = NeighbourCorrelation(x, h, w, 1);
        f[13] = NeighbourCorrelation(x, h, w, 2);
        f[14] = BorderMinusCentre(x, h, w);
        return f;
    }

    /// <summary>Mean 0, standard deviation 1 (unbiased, as the models normalise); a flat image stays 0.</summary>
    internal static float[] ZScore(float[] pixels)
    {
        double sum = 0;
        foreach (var v in pixels) sum += v;
        var mean = sum / pixels.Length;
        double ss = 0;
        foreach (var v in pixels) ss += (v - mean) * (v - mean);
        var std = Math.Max(Math.Sqrt(ss / Math.Max(1, pixels.Length - 1)), 1e-6);
        var z = new float[pixels.Length];
        for (var i = 0; i < z.Length; i++) z[i] = (float)((pixels[i] - mean) / std);
        return z;
    }

    /// <summary>
    /// 3×3 Laplacian response (Immerkær's noise kernel, 1 −2 1 / −2 4 −2 / 1 −2 1, which cancels edges and ramps):
    /// its median absolute value scaled to a Gaussian σ (robust: edges are few) and its root mean square.
    /// </summary>
    private static (double Mad, double Rms) Laplacian(float[] x, int h, int w)
    {
        if (h < 3 || w < 3) return (0, 0);
        var responses = new float[(h - 2) * (w - 2)];
        double ss = 0;
        var k = 0;
        for (var r = 1; r < h - 1; r++)
        {
            for (var c = 1; c < w - 1; c++)
            {
                int i = r * w + c;
                double v = x[i - w - 1] - 2 * x[i - w] + x[i - w + 1]
                           - 2 * x[i - 1] + 4 * x[i] - 2 * x[i + 1]
                           + x[i + w - 1] - 2 * x[i + w] + x[i + w + 1];
                ss += v * v;
                responses[k++] = (float)Math.Abs(v);
            }
        }
        // The kernel's gain on white noise is sqrt(36) = 6; 1.4826 turns a median absolute value into σ.
        return (OrderStatistics.Quantiles(responses, [0.5])[0] * 1.4826 / 6, Math.Sqrt(ss / responses.Length) / 6);
    }

    private static double GradientMean(float[] x, int h, int w)
    {
        double sum = 0;
        var count = 0;
        for (var r = 0; r < h - 1; r++)
        {
            for (var c = 0; c < w - 1; c++)
            {
                int i = r * w + c;
                double gx = x[i + 1] - x[i], gy = x[i + w] - x[i];
                sum += Math.Sqrt(gx * gx + gy * gy);
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /// <summary>Correlation of each pixel with its neighbour <paramref name="lag"/> to the right and below: noise lowers it, blur raises it.</summary>
    private static double NeighbourCorrelation(float[] x, int h, int w, int lag)
    {
        double sum = 0;
        var count = 0;
        for (var r = 0; r < h; r++)
        {
            for (var c = 0; c < w; c++)
            {
                int i = r * w + c;
                if (c + lag < w) { sum += (double)x[i] * x[i + lag]; count++; }
                if (r + lag < h) { sum += (double)x[i] * x[i + lag * w]; count++; }
            }
        }
        // x has mean 0 and (nearly) unit variance, so the mean product is the correlation.
        return count == 0 ? 0 : sum / count;
    }

    /// <summary>Mean of the outer eighth of the image minus the mean of its central quarter: the contrast polarity.</summary>
    private static double BorderMinusCentre(float[] x, int h, int w)
    {
        int br = Math.Max(1, h / 8), bc = Math.Max(1, w / 8);
        double border = 0, centre = 0;
        int nb = 0, nc = 0;
        for (var r = 0; r < h; r++)
        {
            for (var c = 0; c < w; c++)
            {
                var v = x[r * w + c];
                if (r < br || r >= h - br || c < bc || c >= w - bc) { border += v; nb++; }
                else if (r >= h / 4 && r < h - h / 4 && c >= w / 4 && c < w - w / 4) { centre += v; nc++; }
            }
        }
        return (nb == 0 ? 0 : border / nb) - (nc == 0 ? 0 : centre / nc);
    }
}
