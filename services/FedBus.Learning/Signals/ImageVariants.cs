using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;

namespace FedBus.Learning.Signals;

/// <summary>Makes the <see cref="ImageVariant"/>s of a model input and maps a variant's prediction back onto the original.</summary>
public static class ImageVariants
{
    public static IReadOnlyList<ImageVariant> All { get; } = Enum.GetValues<ImageVariant>();

    /// <summary>Gaussian σ of <see cref="ImageVariant.Smoothed"/>, in model pixels.</summary>
    public const double SmoothingSigma = 1.0;

    /// <summary>Gamma of <see cref="ImageVariant.Darker"/> (its inverse brightens) on the image's own intensity range.</summary>
    public const double Gamma = 1.4;

    public static ImageSlice Apply(ImageVariant variant, ImageSlice image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pixels = variant switch
        {
            ImageVariant.Mirrored => Mirror(image.Pixels, image.Height, image.Width),
            ImageVariant.Smoothed => ImageOperations.GaussianBlur(image.Pixels, image.Height, image.Width, SmoothingSigma),
            ImageVariant.Darker => ImageOperations.Gamma(image.Pixels, Gamma),
            ImageVariant.Brighter => ImageOperations.Gamma(image.Pixels, 1 / Gamma),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };
        return new ImageSlice(image.Height, image.Width, pixels);
    }

    /// <summary>A prediction made on <paramref name="variant"/> of an image <paramref name="width"/> wide, in the original's geometry.</summary>
    public static CasePrediction Restore(ImageVariant variant, CasePrediction prediction, int width)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (variant != ImageVariant.Mirrored) return prediction;
        return prediction switch
        {
            SegmentationPrediction s => s with { Mask = Mirror(s.Mask, s.Height, s.Width) },
            DetectionPrediction d => d with
            {
                Detections = d.Detections.Select(x => x with { Box = x.Box with { X0 = width - x.Box.X1, X1 = width - x.Box.X0 } }).ToArray(),
            },
            _ => prediction,
        };
    }

    private static T[] Mirror<T>(T[] values, int height, int width)
    {
        var result = new T[values.Length];
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++)
                result[r * width + c] = values[r * width + width - 1 - c];
        return result;
    }
}
