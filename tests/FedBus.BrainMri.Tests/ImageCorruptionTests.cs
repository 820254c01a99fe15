namespace FedBus.BrainMri.Tests;

public sealed class ImageCorruptionTests
{
    private const int N = BrainMriDataset.Size;

    private static BrainSlice Brain => BrainMriDataset.Shared.TestSplit().OrderByDescending(s => s.BrainMask.Count(m => m == 1)).First();

    [Theory]
    [InlineData(1.4, -1)]
    [InlineData(0.7, 1)]
    public void Gamma_above_one_darkens_brain_tissue_and_below_one_brightens_it(double gamma, int direction)
    {
        var slice = Brain;
        var image = slice.Image.ToArray();

        ImageCorruption.Gamma(image, gamma);

        double before = MeanInside(slice.Image, slice.BrainMask), after = MeanInside(image, slice.BrainMask);
        Assert.Equal(direction, Math.Sign(after - before));
        Assert.True(Math.Abs(after - before) > 0.03, $"gamma {gamma} moved the brain mean only from {before:0.000} to {after:0.000}");
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.08)]
    public void Gaussian_noise_has_the_requested_standard_deviation_and_no_bias(double sigma)
    {
        var image = Enumerable.Repeat(0.5f, N * N).ToArray();

        ImageCorruption.GaussianNoise(image, sigma, seed: 11);

        double mean = image.Average(v => (double)v);
        double sd = Math.Sqrt(image.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, 0.5 - 3 * sigma / N, 0.5 + 3 * sigma / N);
        Assert.InRange(sd, sigma * 0.97, sigma * 1.03);
    }

    [Fact]
    public void Rician_noise_lifts_a_dark_background_to_sigma_times_root_half_pi()
    {
        const double sigma = 0.05;
        var image = new float[N * N];

        ImageCorruption.RicianNoise(image, sigma, seed: 3);

        // On a zero signal the magnitude is Rayleigh-distributed with mean σ·√(π/2).
        Assert.InRange(image.Average(v => (double)v), sigma * Math.Sqrt(Math.PI / 2) * 0.97, sigma * Math.Sqrt(Math.PI / 2) * 1.03);
        Assert.All(image, v => Assert.True(v >= 0));
    }

    [Fact]
    public void Noise_is_reproducible_from_its_seed_and_changes_with_it()
    {
        float[] Noisy(ulong seed)
        {
            var image = Enumerable.Repeat(0.3f, 64).ToArray();
            ImageCorruption.GaussianNoise(image, 0.1, seed);
            return image;
        }

        Assert.Equal(Noisy(5), Noisy(5));
        Assert.NotEqual(Noisy(5), Noisy(6));
    }

    [Fact]
    public void Bias_field_is_smooth_bounded_and_points_along_its_angle()
    {
        const double amplitude = 0.3;
        var image = Enumerable.Repeat(0.5f, N * N).ToArray();

        ImageCorruption.BiasField(image, N, N, amplitude, angleDegrees: 0);

        Assert.All(image, v => Assert.InRange(v, 0.5 * Math.Exp(-amplitude) - 1e-6, 0.5 * Math.Exp(amplitude) + 1e-6));
        // Angle 0: the gain grows towards the right edge (+column).
        double left = Enumerable.Range(0, N).Average(r => image[r * N + 2]);
        double right = Enumerable.Range(0, N).Average(r => image[r * N + N - 3]);
        Assert.True(right > left * 1.3, $"right {right:0.000} vs left {left:0.000}");
        // Smooth: neighbouring pixels differ by far less than the overall range.
        double maxStep = Enumerable.Range(0, N * N - 1).Where(i => (i + 1) % N != 0).Max(i => Math.Abs(image[i + 1] - image[i]));
        Assert.True(maxStep < 0.01, $"largest neighbour step {maxStep:0.0000}");
    }

    [Fact]
    public void Blur_and_downsampling_remove_fine_detail_but_keep_the_mean()
    {
        var slice = Brain;
        var blurred = slice.Image.ToArray();
        var coarse = slice.Image.ToArray();

        ImageCorruption.GaussianBlur(blurred, N, N, 1.0);
        ImageCorruption.DownUpSample(coarse, N, N, 2);

        double detail = Detail(slice.Image);
        Assert.True(Detail(blurred) < 0.5 * detail, $"blur kept {Detail(blurred) / detail:P0} of the detail");
        Assert.True(Detail(coarse) < 0.8 * detail, $"down/up-sampling kept {Detail(coarse) / detail:P0} of the detail");
        Assert.InRange(blurred.Average(v => (double)v), slice.Image.Average(v => (double)v) - 0.002, slice.Image.Average(v => (double)v) + 0.002);
        Assert.InRange(coarse.Average(v => (double)v), slice.Image.Average(v => (double)v) - 0.002, slice.Image.Average(v => (double)v) + 0.002);
    }

    [Fact]
    public void Bad_parameters_are_refused_with_the_parameter_named()
    {
        var image = new float[16];

        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => ImageCorruption.Gamma(image, 0)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => ImageCorruption.GaussianNoise(image, -0.1, 1)).ParamName);
        Assert.Equal("image", Assert.Throws<ArgumentException>(() => ImageCorruption.GaussianBlur(image, 3, 5, 1)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => ImageCorruption.DownUpSample(image, 4, 4, 3)).ParamName);
    }

    /// <summary>Mean squared Laplacian: energy of the finest detail.</summary>
    private static double Detail(float[] image)
    {
        double sum = 0;
        for (int r = 1; r < N - 1; r++)
            for (int c = 1; c < N - 1; c++)
            {
                int i = r * N + c;
                double lap = 4 * image[i] - image[i - 1] - image[i + 1] - image[i - N] - image[i + N];
                sum += lap * lap;
            }
        return sum / ((N - 2) * (N - 2));
    }

    private static double MeanInside(float[] image, byte[] mask)
    {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < image.Length; i++)
            if (mask[i] == 1)
            {
                sum += image[i];
                n++;
            }
        return sum / n;
    }
}
