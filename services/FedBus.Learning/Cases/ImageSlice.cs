namespace FedBus.Learning.Cases;

/// <summary>One single-channel 2-D image (1×H×W, row-major float32 intensities).</summary>
public sealed class ImageSlice
{
    public ImageSlice(int height, int width, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (height < 1 || width < 1)
            throw new ArgumentOutOfRangeException(nameof(height), $"Image size must be positive, got {height}×{width}.");
        if (pixels.Length != (long)height * width)
            throw new ArgumentException($"Image of {height}×{width} needs {height * width} pixels, got {pixels.Length}.", nameof(pixels));
        for (int i = 0; i < pixels.Length; i++)
            if (!float.IsFinite(pixels[i]))
                throw new ArgumentException($"Pixel {i} (row {i / width}, column {i % width}) is {pixels[i]}; images must be finite.", nameof(pixels));
        Height = height;
        Width = width;
        Pixels = pixels;
    }

    public int Height { get; }
    public int Width { get; }

    /// <summary>Row-major intensities; treat as read-only.</summary>
    public float[] Pixels { get; }
}
