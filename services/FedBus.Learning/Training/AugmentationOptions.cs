namespace FedBus.Learning.Training;

/// <summary>
/// Random training-time augmentation, drawn per case from the training seed. Geometry (flip, rotation,
/// scale) moves masks (nearest) and boxes (transformed corners) with the image; gamma and noise touch
/// the image only.
/// </summary>
/// <param name="HorizontalFlipProbability">Left-right mirror (plausible for axial brain slices).</param>
/// <param name="VerticalFlipProbability">Up-down mirror (off by default: anatomy is not up-down symmetric).</param>
/// <param name="MaxRotationDegrees">Rotation uniform in ±this.</param>
/// <param name="MaxScale">Zoom factor uniform in 1 ± this.</param>
/// <param name="MaxGamma">Gamma log-uniform in [1/MaxGamma, MaxGamma], applied on the image's own min–max range.</param>
/// <param name="NoiseStd">Gaussian noise σ relative to the image's intensity range (0 = off).</param>
public sealed record AugmentationOptions(
    double HorizontalFlipProbability = 0.5,
    double VerticalFlipProbability = 0,
    double MaxRotationDegrees = 10,
    double MaxScale = 0.1,
    double MaxGamma = 1.5,
    double NoiseStd = 0)
{
    public static AugmentationOptions Default { get; } = new();

    /// <summary>No augmentation at all.</summary>
    public static AugmentationOptions None { get; } = new(0, 0, 0, 0, 1, 0);

    internal bool IsIdentity =>
        HorizontalFlipProbability == 0 && VerticalFlipProbability == 0 && MaxRotationDegrees == 0 &&
        MaxScale == 0 && MaxGamma == 1 && NoiseStd == 0;

    internal void Validate()
    {
        if (!(HorizontalFlipProbability is >= 0 and <= 1) || !(VerticalFlipProbability is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(HorizontalFlipProbability), "Flip probabilities must be in [0, 1].");
        if (!(MaxRotationDegrees is >= 0 and <= 180)) throw new ArgumentOutOfRangeException(nameof(MaxRotationDegrees), MaxRotationDegrees, "Rotation must be 0..180°.");
        if (!(MaxScale is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(MaxScale), MaxScale, "Scale must be in [0, 1).");
        if (!(MaxGamma >= 1)) throw new ArgumentOutOfRangeException(nameof(MaxGamma), MaxGamma, "MaxGamma must be ≥ 1.");
        if (!(NoiseStd >= 0)) throw new ArgumentOutOfRangeException(nameof(NoiseStd), NoiseStd, "Noise σ must be ≥ 0.");
    }
}
