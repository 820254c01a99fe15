namespace FedBus.BrainMri;

/// <summary>
/// How one scanner (one site) renders the anatomy. Applied at load time, deterministically from a
/// seed, in acquisition order: resolution loss (down/up-sampling, blur) → coil bias field → gain
/// (<see cref="IntensityScale"/>) → contrast (<see cref="Gamma"/>) → noise → clip to 0..1.
/// The <see cref="Source"/> (which scan the clean pixels come from) is the one shift baked in at build time.
/// </summary>
public sealed record ScannerProfile(
    string Name,
    SliceSource Source = SliceSource.Ch2,
    double Gamma = 1.0,
    double IntensityScale = 1.0,
    double BiasFieldAmplitude = 0.0,
    double BiasFieldAngleDegrees = 0.0,
    double BlurSigmaPixels = 0.0,
    int DownsampleFactor = 1,
    NoiseKind Noise = NoiseKind.Gaussian,
    double NoiseSigma = 0.0)
{
    /// <summary>True when the profile leaves clean pixels unchanged (apart from the source choice).</summary>
    public bool IsIdentity => Gamma == 1 && IntensityScale == 1 && BiasFieldAmplitude == 0 && BlurSigmaPixels == 0 && DownsampleFactor == 1 && NoiseSigma == 0;

    /// <summary>A new image: <paramref name="clean"/> (width×height, 0..1) as this scanner would show it.</summary>
    public float[] Apply(ReadOnlySpan<float> clean, int width, int height, ulong seed)
    {
        var image = clean.ToArray();
        if (image.Length != width * height)
            throw new ArgumentException($"image has {image.Length} pixels, not {width}×{height}.", nameof(clean));
        ImageCorruption.DownUpSample(image, width, height, DownsampleFactor);
        ImageCorruption.GaussianBlur(image, width, height, BlurSigmaPixels);
        ImageCorruption.BiasField(image, width, height, BiasFieldAmplitude, BiasFieldAngleDegrees);
        ImageCorruption.Scale(image, IntensityScale);
        ImageCorruption.Clip(image);
        ImageCorruption.Gamma(image, Gamma);
        if (Noise == NoiseKind.Rician)
            ImageCorruption.RicianNoise(image, NoiseSigma, seed);
        else
            ImageCorruption.GaussianNoise(image, NoiseSigma, seed);
        ImageCorruption.Clip(image);
        return image;
    }

    /// <summary>
    /// The slice as this scanner shows it. The slice must come from this profile's source; the noise
    /// seed is derived from <paramref name="seed"/> and the case id, so one slice always gets the same noise.
    /// </summary>
    public BrainSlice Apply(BrainSlice slice, int seed)
    {
        ArgumentNullException.ThrowIfNull(slice);
        if (slice.Source != Source)
            throw new ArgumentException($"profile '{Name}' renders {Source} images but slice {slice.CaseId} is from {slice.Source}.", nameof(slice));
        if (slice.Shift != ScannerProfiles.Clean.Name)
            throw new ArgumentException($"slice {slice.CaseId} already carries shift '{slice.Shift}'; apply profiles to clean slices only.", nameof(slice));
        var image = Apply(slice.Image, BrainMriDataset.Size, BrainMriDataset.Size, DeterministicRandom.Derive(seed, Name + "|" + slice.CaseId));
        return slice with { Image = image, Shift = Name };
    }
}
