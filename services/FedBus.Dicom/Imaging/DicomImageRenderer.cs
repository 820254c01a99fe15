namespace FedBus.Dicom.Imaging;

/// <summary>
/// Renders a frame for display: grayscale through the modality LUT and a linear VOI window
/// (PS3.3 C.11.2.1.2), MONOCHROME1 inverted; colour converted to RGB. Output feeds <see cref="PngEncoder"/>.
/// </summary>
public static class DicomImageRenderer
{
    /// <summary>
    /// 8-bit grayscale, one byte per pixel, rows top to bottom. The window defaults to the data
    /// set's first Window Center/Width, else the frame's min..max.
    /// </summary>
    public static byte[] RenderGray8(DicomPixelData pixels, int frame = 0, WindowLevel? window = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var values = pixels.GetModalityValues(frame);
        var w = window ?? pixels.GetWindow(frame) ?? MinMaxWindow(values);
        var invert = pixels.PhotometricInterpretation.StartsWith("MONOCHROME1", StringComparison.Ordinal);
        var output = new byte[values.Length];

        // Linear function: below c - 0.5 - (w-1)/2 -> 0, above c - 0.5 + (w-1)/2 -> 255.
        var width = Math.Max(1.0, w.Width);
        var low = w.Center - 0.5 - (width - 1) / 2;
        var high = w.Center - 0.5 + (width - 1) / 2;
        var scale = width > 1 ? 255.0 / (width - 1) : 0;
        for (var i = 0; i < values.Length; i++)
        {
            var x = values[i];
            double y = x <= low ? 0 : x > high ? 255 : ((x - (w.Center - 0.5)) * scale) + 127.5;
            var g = (byte)Math.Clamp((int)Math.Round(y), 0, 255);
            output[i] = invert ? (byte)(255 - g) : g;
        }

        return output;
    }

    /// <summary>24-bit RGB, three bytes per pixel, from RGB or YBR_FULL frames (higher bit depths scaled down).</summary>
    public static byte[] RenderRgb24(DicomPixelData pixels, int frame = 0)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.SamplesPerPixel != 3)
        {
            throw new DicomDataException(DicomTag.SamplesPerPixel, $"RGB rendering needs 3 samples per pixel, not {pixels.SamplesPerPixel}");
        }

        var decoded = pixels.GetFrame(frame);
        var values = new int[pixels.Rows * pixels.Columns * 3];
        pixels.Unpack(decoded, values);
        var shift = Math.Max(0, pixels.BitsStored - 8);
        var output = new byte[values.Length];
        var ybr = decoded.PhotometricInterpretation.StartsWith("YBR_FULL", StringComparison.Ordinal);
        if (decoded.PhotometricInterpretation is not ("RGB" or "YBR_FULL" or "YBR_RCT" or "YBR_ICT") && !ybr)
        {
            throw new DicomCodecException(pixels.TransferSyntax, $"rendering photometric interpretation {decoded.PhotometricInterpretation} is not supported");
        }

        for (var i = 0; i < values.Length; i += 3)
        {
            double a = values[i] >> shift, b = values[i + 1] >> shift, c = values[i + 2] >> shift;
            if (ybr)
            {
                // PS3.3 C.7.6.3.1.2 YBR_FULL (ITU-R BT.601 full range).
                (a, b, c) = (a + 1.402 * (c - 128), a - 0.344136 * (b - 128) - 0.714136 * (c - 128), a + 1.772 * (b - 128));
            }

            output[i] = (byte)Math.Clamp((int)Math.Round(a), 0, 255);
            output[i + 1] = (byte)Math.Clamp((int)Math.Round(b), 0, 255);
            output[i + 2] = (byte)Math.Clamp((int)Math.Round(c), 0, 255);
        }

        return output;
    }

    /// <summary>A PNG of the frame: grayscale windowed, or RGB for colour images.</summary>
    public static byte[] RenderPng(DicomPixelData pixels, int frame = 0, WindowLevel? window = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        return pixels.SamplesPerPixel == 1
            ? PngEncoder.Encode(pixels.Columns, pixels.Rows, PngColorType.Gray8, RenderGray8(pixels, frame, window))
            : PngEncoder.Encode(pixels.Columns, pixels.Rows, PngColorType.Rgb24, RenderRgb24(pixels, frame));
    }

    private static WindowLevel MinMaxWindow(float[] values)
    {
        if (values.Length == 0)
        {
            return new WindowLevel(0, 1);
        }

        float min = values[0], max = values[0];
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return new WindowLevel((min + max) / 2.0 + 0.5, Math.Max(1, max - min + 1));
    }
}
