namespace FedBus.BrainMri;

/// <summary>
/// Scanner-like corruptions of a single-channel image with intensities in 0..1, in place, row-major
/// width×height. Plain C# so any project (training, uncertainty tests, demos) can make shifted or
/// out-of-distribution inputs. Deterministic: randomness comes only from the given seed.
/// </summary>
public static class ImageCorruption
{
    /// <summary>x → x^γ (γ &gt; 1 darkens mid-tones, γ &lt; 1 brightens them); negatives are clamped to 0 first.</summary>
    public static void Gamma(Span<float> image, double gamma)
    {
        if (!(gamma > 0) || double.IsInfinity(gamma))
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be a positive finite number.");
        if (gamma == 1)
            return;
        float g = (float)gamma;
        for (int i = 0; i < image.Length; i++)
            image[i] = image[i] <= 0 ? 0 : MathF.Pow(image[i], g);
    }

    /// <summary>x → factor·x: a global gain difference between scanners.</summary>
    public static void Scale(Span<float> image, double factor)
    {
        if (!(factor >= 0) || double.IsInfinity(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "scale factor must be a non-negative finite number.");
        float f = (float)factor;
        for (int i = 0; i < image.Length; i++)
            image[i] *= f;
    }

    /// <summary>Adds N(0, σ²) independently per pixel.</summary>
    public static void GaussianNoise(Span<float> image, double sigma, ulong seed)
    {
        CheckSigma(sigma);
        if (sigma == 0)
            return;
        var rng = new DeterministicRandom(seed);
        for (int i = 0; i < image.Length; i++)
            image[i] += (float)(sigma * rng.NextGaussian());
    }

    /// <summary>x → √((x + n₁)² + n₂²), n₁, n₂ ~ N(0, σ²): magnitude MRI noise; brightens the background.</summary>
    public static void RicianNoise(Span<float> image, double sigma, ulong seed)
    {
        CheckSigma(sigma);
        if (sigma == 0)
            return;
        var rng = new DeterministicRandom(seed);
        for (int i = 0; i < image.Length; i++)
        {
            double re = image[i] + sigma * rng.NextGaussian(), im = sigma * rng.NextGaussian();
            image[i] = (float)Math.Sqrt(re * re + im * im);
        }
    }

    /// <summary>
    /// Multiplies by a smooth field exp(A·g(u, v)), u, v ∈ [−1, 1] across the image, with
    /// g = 0.75·(cos θ·u + sin θ·v) + 0.25·(1 − u² − v²): a linear coil gradient along θ plus a
    /// centre bulge; |g| ≤ 1 so the gain stays within [e^−A, e^A].
    /// </summary>
    public static void BiasField(Span<float> image, int width, int height, double amplitude, double angleDegrees)
    {
        CheckShape(image, width, height);
        if (!(amplitude >= 0) || amplitude > 3)
            throw new ArgumentOutOfRangeException(nameof(amplitude), amplitude, "bias field amplitude must be in 0..3 (log-gain).");
        if (amplitude == 0)
            return;
        double th = angleDegrees * Math.PI / 180, ct = Math.Cos(th), st = Math.Sin(th);
        for (int r = 0; r < height; r++)
        {
            double v = height == 1 ? 0 : 2.0 * r / (height - 1) - 1;
            for (int c = 0; c < width; c++)
            {
                double u = width == 1 ? 0 : 2.0 * c / (width - 1) - 1;
                double g = 0.75 * (ct * u + st * v) + 0.25 * (1 - u * u - v * v);
                image[r * width + c] *= (float)Math.Exp(amplitude * g);
            }
        }
    }

    /// <summary>Separable Gaussian blur with σ in pixels (kernel radius 3σ, edges clamped).</summary>
    public static void GaussianBlur(Span<float> image, int width, int height, double sigmaPixels)
    {
        CheckShape(image, width, height);
        if (!(sigmaPixels >= 0) || sigmaPixels > 32)
            throw new ArgumentOutOfRangeException(nameof(sigmaPixels), sigmaPixels, "blur sigma must be in 0..32 pixels.");
        if (sigmaPixels == 0)
            return;
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigmaPixels));
        var kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++)
            sum += kernel[k + radius] = (float)Math.Exp(-0.5 * k * k / (sigmaPixels * sigmaPixels));
        for (int k = 0; k < kernel.Length; k++)
            kernel[k] /= (float)sum;

        var tmp = new float[image.Length];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                float acc = 0;
                for (int k = -radius; k <= radius; k++)
                    acc += kernel[k + radius] * image[r * width + Math.Clamp(c + k, 0, width - 1)];
                tmp[r * width + c] = acc;
            }
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                float acc = 0;
                for (int k = -radius; k <= radius; k++)
                    acc += kernel[k + radius] * tmp[Math.Clamp(r + k, 0, height - 1) * width + c];
                image[r * width + c] = acc;
            }
    }

    /// <summary>
    /// Loses resolution like a coarser acquisition: averages factor×factor blocks, then bilinear
    /// interpolation back to the full grid. Width and height must be multiples of the factor.
    /// </summary>
    public static void DownUpSample(Span<float> image, int width, int height, int factor)
    {
        CheckShape(image, width, height);
        if (factor < 1 || factor > Math.Min(width, height) || width % factor != 0 || height % factor != 0)
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"downsample factor must be ≥ 1 and divide {width}×{height}.");
        if (factor == 1)
            return;
        int w = width / factor, h = height / factor;
        var small = new float[w * h];
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++)
            {
                float acc = 0;
                for (int a = 0; a < factor; a++)
                    for (int b = 0; b < factor; b++)
                        acc += image[(r * factor + a) * width + c * factor + b];
                small[r * w + c] = acc / (factor * factor);
            }
        for (int r = 0; r < height; r++)
        {
            double y = Math.Clamp((r + 0.5) / factor - 0.5, 0, h - 1);
            int y0 = (int)y, y1 = Math.Min(y0 + 1, h - 1);
            float fy = (float)(y - y0);
            for (int c = 0; c < width; c++)
            {
                double x = Math.Clamp((c + 0.5) / factor - 0.5, 0, w - 1);
                int x0 = (int)x, x1 = Math.Min(x0 + 1, w - 1);
                float fx = (float)(x - x0);
                float top = small[y0 * w + x0] * (1 - fx) + small[y0 * w + x1] * fx;
                float bottom = small[y1 * w + x0] * (1 - fx) + small[y1 * w + x1] * fx;
                image[r * width + c] = top * (1 - fy) + bottom * fy;
            }
        }
    }

    /// <summary>Clamps every pixel into [min, max].</summary>
    public static void Clip(Span<float> image, float min = 0, float max = 1)
    {
        if (!(min <= max))
            throw new ArgumentOutOfRangeException(nameof(min), min, $"min must not exceed max ({max}).");
        for (int i = 0; i < image.Length; i++)
            image[i] = Math.Clamp(image[i], min, max);
    }

    private static void CheckSigma(double sigma)
    {
        if (!(sigma >= 0) || sigma > 10)
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "noise sigma must be in 0..10 (intensities are 0..1).");
    }

    private static void CheckShape(Span<float> image, int width, int height)
    {
        if (width <= 0 || height <= 0 || (long)width * height != image.Length)
            throw new ArgumentException($"image has {image.Length} pixels, not {width}×{height}.", nameof(image));
    }
}
