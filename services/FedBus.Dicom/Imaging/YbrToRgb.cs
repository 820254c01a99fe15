namespace FedBus.Dicom.Imaging;

/// <summary>
/// YCbCr (YBR_FULL, full range BT.601) to RGB for 8-bit samples, with libjpeg's fixed-point
/// arithmetic (jdcolor.c) so results match what DCMTK's dcmdjpeg produces bit for bit.
/// </summary>
internal static class YbrToRgb
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);
    private static readonly int[] CrR = new int[256];
    private static readonly int[] CbB = new int[256];
    private static readonly int[] CrG = new int[256];
    private static readonly int[] CbG = new int[256];

    static YbrToRgb()
    {
        for (var i = 0; i < 256; i++)
        {
            var x = i - 128;
            CrR[i] = (Fix(1.40200) * x + OneHalf) >> ScaleBits;
            CbB[i] = (Fix(1.77200) * x + OneHalf) >> ScaleBits;
            CrG[i] = -Fix(0.71414) * x;
            CbG[i] = (-Fix(0.34414) * x) + OneHalf;
        }
    }

    /// <summary>
    /// JPEG decoders hand back full-resolution YCbCr for YBR_FULL/YBR_FULL_422 frames; DCMTK (and
    /// every viewer) turns that into RGB, so we do too.
    /// </summary>
    public static DecodedFrame IfJpegYbr(DecodedFrame frame, DicomPixelData pixels)
    {
        if (pixels.SamplesPerPixel != 3 || pixels.BitsAllocated != 8
            || pixels.TransferSyntax.CodecFamily != DicomCodecFamily.Jpeg
            || frame.PhotometricInterpretation is not ("YBR_FULL" or "YBR_FULL_422"))
        {
            return frame;
        }

        Convert(frame.Bytes, pixels.Rows * pixels.Columns, frame.PlanarConfiguration == 1);
        return frame with { PhotometricInterpretation = "RGB" };
    }

    public static void Convert(Span<byte> data, int pixels, bool planar)
    {
        for (var p = 0; p < pixels; p++)
        {
            int iy = planar ? p : p * 3, icb = planar ? pixels + p : p * 3 + 1, icr = planar ? 2 * pixels + p : p * 3 + 2;
            int y = data[iy], cb = data[icb], cr = data[icr];
            data[iy] = Clamp(y + CrR[cr]);
            data[icb] = Clamp(y + ((CbG[cb] + CrG[cr]) >> ScaleBits));
            data[icr] = Clamp(y + CbB[cb]);
        }
    }

    private static int Fix(double x) => (int)((x * (1 << ScaleBits)) + 0.5);

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
