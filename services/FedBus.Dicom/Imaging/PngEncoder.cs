using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace FedBus.Dicom.Imaging;

/// <summary>A minimal PNG writer (8-bit gray or RGB, zlib via <see cref="ZLibStream"/>, filter "Up").</summary>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(int width, int height, PngColorType colorType, ReadOnlySpan<byte> pixels, CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var channels = colorType == PngColorType.Gray8 ? 1 : 3;
        var stride = width * channels;
        if (pixels.Length != (long)stride * height)
        {
            throw new ArgumentException($"{pixels.Length} bytes given for a {width}x{height} image with {channels} channel(s)", nameof(pixels));
        }

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;
        ihdr[9] = (byte)(colorType == PngColorType.Gray8 ? 0 : 2);
        ihdr[10] = 0;
        ihdr[11] = 0;
        ihdr[12] = 0;
        WriteChunk(output, "IHDR"u8, ihdr);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
            {
                // Filter type 2 ("Up"): each byte minus the one above, good for smooth medical images.
                var row = new byte[stride + 1];
                for (var y = 0; y < height; y++)
                {
                    var current = pixels.Slice(y * stride, stride);
                    row[0] = (byte)(y == 0 ? 0 : 2);
                    if (y == 0)
                    {
                        current.CopyTo(row.AsSpan(1));
                    }
                    else
                    {
                        var above = pixels.Slice((y - 1) * stride, stride);
                        for (var x = 0; x < stride; x++)
                        {
                            row[x + 1] = (byte)(current[x] - above[x]);
                        }
                    }

                    zlib.Write(row);
                }
            }

            WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }

        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        output.Write(word);
    }
}
