namespace FedBus.BrainMri;

/// <summary>
/// Named scanner profiles: the test-time shifts (clean → strong) and the default site scanners.
/// "strong" is the reference run's new-hospital shift (γ 1.4 + Gaussian σ 0.08, Dice 0.976 → ≈ 0.65).
/// </summary>
public static class ScannerProfiles
{
    public static readonly ScannerProfile Clean = new("clean");

    /// <summary>A brighter, slightly noisy scanner.</summary>
    public static readonly ScannerProfile Mild = new("mild", Gamma: 0.85, NoiseSigma: 0.02);

    /// <summary>Darker contrast, a coil bias field, some blur and noise.</summary>
    public static readonly ScannerProfile Moderate = new("moderate", Gamma: 1.2, BiasFieldAmplitude: 0.2, BiasFieldAngleDegrees: 60, BlurSigmaPixels: 0.7, NoiseSigma: 0.04);

    /// <summary>The reference's poorly served new hospital: γ 1.4 and Gaussian noise σ 0.08.</summary>
    public static readonly ScannerProfile Strong = new("strong", Gamma: 1.4, NoiseSigma: 0.08);

    /// <summary>Site 0: the reference 1.5 T scanner — ch2 as is, faint noise.</summary>
    public static readonly ScannerProfile Site0 = new("site-0-reference", NoiseSigma: 0.01);

    /// <summary>Site 1: the fine-resolution source, brighter, mild bias, Rician noise.</summary>
    public static readonly ScannerProfile Site1 = new("site-1-hires", SliceSource.Ch2Better, Gamma: 0.9, IntensityScale: 1.05,
        BiasFieldAmplitude: 0.15, BiasFieldAngleDegrees: 30, Noise: NoiseKind.Rician, NoiseSigma: 0.015);

    /// <summary>Site 2: an older scanner — half the resolution, lower gain, more noise.</summary>
    public static readonly ScannerProfile Site2 = new("site-2-lowres", Gamma: 1.1, IntensityScale: 0.9, DownsampleFactor: 2, NoiseSigma: 0.03);

    /// <summary>Site 3: a strong coil bias field, soft blur, Rician noise.</summary>
    public static readonly ScannerProfile Site3 = new("site-3-bias", Gamma: 0.85, BiasFieldAmplitude: 0.3, BiasFieldAngleDegrees: 200,
        BlurSigmaPixels: 0.6, Noise: NoiseKind.Rician, NoiseSigma: 0.02);

    public static IReadOnlyList<ScannerProfile> Shifts { get; } = [Clean, Mild, Moderate, Strong];

    public static IReadOnlyList<ScannerProfile> All { get; } = [Clean, Mild, Moderate, Strong, Site0, Site1, Site2, Site3];

    /// <summary>A profile by name (case-insensitive); "new-hospital" is an alias of "strong".</summary>
    public static ScannerProfile Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, "new-hospital", StringComparison.OrdinalIgnoreCase))
            return Strong;
        return All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"no scanner profile named '{name}'; known: {string.Join(", ", All.Select(p => p.Name))}, new-hospital.", nameof(name));
    }

    /// <summary>
    /// Scanner of each of <paramref name="siteCount"/> sites: sites 0–3 are the fixed profiles above;
    /// further sites draw mild random scanners from <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<ScannerProfile> ForSites(int siteCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(siteCount);
        var fixedSites = new[] { Site0, Site1, Site2, Site3 };
        var profiles = new List<ScannerProfile>(fixedSites.Take(siteCount));
        for (int i = fixedSites.Length; i < siteCount; i++)
        {
            var rng = new DeterministicRandom(DeterministicRandom.Derive(seed, $"site-{i}"));
            profiles.Add(new ScannerProfile(
                $"site-{i}-random",
                rng.NextDouble() < 0.25 ? SliceSource.Ch2Better : SliceSource.Ch2,
                Gamma: Math.Round(0.8 + 0.4 * rng.NextDouble(), 3),
                IntensityScale: Math.Round(0.85 + 0.3 * rng.NextDouble(), 3),
                BiasFieldAmplitude: Math.Round(0.3 * rng.NextDouble(), 3),
                BiasFieldAngleDegrees: Math.Round(360 * rng.NextDouble()),
                BlurSigmaPixels: Math.Round(rng.NextDouble() < 0.5 ? 0 : 0.8 * rng.NextDouble(), 3),
                DownsampleFactor: 1,
                Noise: rng.NextDouble() < 0.5 ? NoiseKind.Gaussian : NoiseKind.Rician,
                NoiseSigma: Math.Round(0.005 + 0.03 * rng.NextDouble(), 4)));
        }
        return profiles;
    }
}
