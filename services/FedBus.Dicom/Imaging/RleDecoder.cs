using System.Buffers.Binary;

namespace FedBus.Dicom.Imaging;

/// <summary>
/// RLE Lossless (PS3.5 Annex G): a 64-byte header with up to 15 segment offsets, one PackBits
/// segment per byte plane (most significant byte of each sample first).
/// </summary>
public static class RleDecoder
{
    /// <summary>Decodes one frame into native little endian bytes with the given planar configuration.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> frame, int rows, int columns, int samplesPerPixel, int bitsAllocated, int planarConfiguration)
    {
        if (bitsAllocated % 8 != 0)
        {
            throw new DicomCodecException(DicomTransferSyntax.RLELossless, $"RLE with Bits Allocated {bitsAllocated} is not supported (multiples of 8 only)");
        }

        var bytesPerSample = bitsAllocated / 8;
        var planes = samplesPerPixel * bytesPerSample;
        if (frame.Length < 64)
        {
            throw Bad($"frame of {frame.Length} bytes is shorter than the 64-byte RLE header");
        }

        var segments = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (segments != planes)
        {
            throw Bad($"RLE header lists {segments} segments; {samplesPerPixel} sample(s) of {bitsAllocated} bits need {planes}");
        }

        var pixels = rows * columns;
        var output = new byte[(long)pixels * planes];
        var plane = new byte[pixels];
        for (var s = 0; s < segments; s++)
        {
            var start = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + s * 4)..]);
            var end = s + 1 < segments ? BinaryPrimitives.ReadUInt32LittleEndian(frame[(8 + s * 4)..]) : (uint)frame.Length;
            if (start < 64 || start > end || end > frame.Length)
            {
                throw Bad($"segment {s} offsets {start}..{end} are outside the {frame.Length}-byte frame");
            }

            DecodeSegment(frame[(int)start..(int)end], plane, s);

            // Segment order: sample 0 MSB .. LSB, sample 1 MSB .. LSB, ...; output is little endian.
            var sample = s / bytesPerSample;
            var byteInSample = bytesPerSample - 1 - s % bytesPerSample;
            if (planarConfiguration == 1)
            {
                var baseOffset = (long)sample * pixels * bytesPerSample + byteInSample;
                for (var i = 0; i < pixels; i++)
                {
                    output[baseOffset + (long)i * bytesPerSample] = plane[i];
                }
            }
            else
            {
                var stride = planes;
                var baseOffset = sample * bytesPerSample + byteInSample;
                for (var i = 0; i < pixels; i++)
                {
                    output[baseOffset + (long)i * stride] = plane[i];
                }
            }
        }

        return output;
    }

    private static void DecodeSegment(ReadOnlySpan<byte> input, Span<byte> output, int segment)
    {
        var o = 0;
        var i = 0;
        while (o < output.Length)
        {
            if (i >= input.Length)
            {
                throw Bad($"segment {segment} ends after {o} of {output.Length} bytes");
            }

            var n = (sbyte)input[i++];
            if (n >= 0)
            {
                var count = n + 1;
                if (i + count > input.Length || o + count > output.Length)
                {
                    throw Bad($"literal run of {count} in segment {segment} overruns its input or the frame");
                }

                input.Slice(i, count).CopyTo(output[o..]);
                i += count;
                o += count;
            }
            else if (n != -128)
            {
                var count = 1 - n;
                if (i >= input.Length || o + count > output.Length)
                {
                    throw Bad($"replicate run of {count} in segment {segment} overruns its input or the frame");
                }

                output.Slice(o, count).Fill(input[i++]);
                o += count;
            }
        }
    }

    private static DicomCodecException Bad(string reason) =>
        new(DicomTransferSyntax.RLELossless, "corrupt RLE data: " + reason);
}
