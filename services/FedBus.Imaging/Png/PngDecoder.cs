using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace FedBus.Imaging.Png;

/// <summary>
/// Reads the PNGs a mask can arrive as: grayscale (1–8 bit), palette (1–8 bit), RGB, gray+alpha and RGBA at 8 bits,
/// not interlaced. Every length and CRC is checked before anything is allocated from it; anything else is refused
/// with a <see cref="PngFormatException"/> that names the problem.
/// </summary>
public static class PngDecoder
{
    public const int DefaultMaxPixels = 64 * 1024 * 1024;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static DecodedPng Decode(ReadOnlySpan<byte> png, int maxPixels = DefaultMaxPixels)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
            throw new PngFormatException("not a PNG file (the 8-byte signature is missing)");

        int width = 0, height = 0, bitDepth = 0, colorType = -1;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        var position = Signature.Length;
        var sawEnd = false;
        while (!sawEnd)
        {
            if (png.Length - position < 12) throw new PngFormatException("the file ends inside a chunk header");
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            if (length > int.MaxValue || length > png.Length - position - 12)
                throw new PngFormatException($"a chunk claims {length} bytes but the file has only {png.Length - position - 12} left");
            var type = png.Slice(position + 4, 4);
            var data = png.Slice(position + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png[(position + 8 + (int)length)..]);
            var computed = new Crc32();
            computed.Append(type);
            computed.Append(data);
            if (computed.GetCurrentHashAsUInt32() != crc)
                throw new PngFormatException($"chunk {System.Text.Encoding.ASCII.GetString(type)} has a wrong CRC");
            position += 12 + (int)length;

            if (type.SequenceEqual("IHDR"u8))
            {
                if (data.Length != 13) throw new PngFormatException("IHDR must be 13 bytes");
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                bitDepth = data[8];
                colorType = data[9];
                if (data[10] != 0 || data[11] != 0) throw new PngFormatException("unknown compression or filter method");
                if (data[12] != 0) throw new PngFormatException("interlaced PNGs are not accepted; save the mask without interlacing");
                if (width <= 0 || height <= 0) throw new PngFormatException($"invalid size {width}×{height}");
                if ((long)width * height > maxPixels) throw new PngFormatException($"{width}×{height} is larger than the {maxPixels}-pixel limit");
                CheckDepth(colorType, bitDepth);
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                if (data.Length % 3 != 0 || data.Length == 0 || data.Length > 768) throw new PngFormatException("PLTE must hold 1 to 256 RGB entries");
                palette = data.ToArray();
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                if (colorType < 0) throw new PngFormatException("IDAT before IHDR");
                idat.Write(data);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
            }
            else if ((type[0] & 0x20) == 0)
            {
                throw new PngFormatException($"unknown critical chunk {System.Text.Encoding.ASCII.GetString(type)}");
            }
        }
        if (colorType < 0) throw new PngFormatException("no IHDR chunk");
        if (colorType == 3 && palette is null) throw new PngFormatException("a palette image without a PLTE chunk");

        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        var bitsPerPixel = channels * bitDepth;
        var stride = (width * bitsPerPixel + 7) / 8;
        var raw = new byte[(long)(stride + 1) * height];
        idat.Position = 0;
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            var read = 0;
            try
            {
                while (read < raw.Length)
                {
                    var n = zlib.Read(raw, read, raw.Length - read);
                    if (n == 0) break;
                    read += n;
                }
            }
            catch (InvalidDataException e)
            {
                throw new PngFormatException($"the image data is not valid zlib: {e.Message}");
            }
            if (read < raw.Length) throw new PngFormatException($"the image data holds {read} of the {raw.Length} bytes a {width}×{height} image needs");
        }

        var bytesPerPixel = Math.Max(1, bitsPerPixel / 8);
        var previous = new byte[stride];
        var current = new byte[stride];
        var samples = new byte[(long)width * height * channels];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan(y * (stride + 1), stride + 1);
            row[1..].CopyTo(current);
            Unfilter(row[0], current, previous, bytesPerPixel, y);
            Unpack(current, samples.AsSpan(y * width * channels, width * channels), bitDepth);
            (previous, current) = (current, previous);
        }
        if (colorType == 3)
        {
            var entries = palette!.Length / 3;
            foreach (var index in samples)
                if (index >= entries) throw new PngFormatException($"a pixel uses palette entry {index}, but the palette has {entries}");
        }
        return new DecodedPng(width, height, channels, bitDepth, colorType, samples, palette);
    }

    private static void CheckDepth(int colorType, int bitDepth)
    {
        var ok = colorType switch
        {
            0 or 3 => bitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => bitDepth == 8,
            _ => throw new PngFormatException($"unknown colour type {colorType}"),
        };
        if (!ok) throw new PngFormatException($"colour type {colorType} at {bitDepth} bits per sample is not accepted (16-bit images cannot hold class ids 0–255 as such)");
    }

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> above, int bpp, int y)
    {
        switch (filter)
        {
            case 0:
                return;
            case 1:
                for (var i = bpp; i < row.Length; i++) row[i] += row[i - bpp];
                return;
            case 2:
                if (y > 0) for (var i = 0; i < row.Length; i++) row[i] += above[i];
                return;
            case 3:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= bpp ? row[i - bpp] : 0;
                    var up = y > 0 ? above[i] : 0;
                    row[i] += (byte)((left + up) >> 1);
                }
                return;
            case 4:
                for (var i = 0; i < row.Length; i++)
                {
                    int a = i >= bpp ? row[i - bpp] : 0, b = y > 0 ? above[i] : 0, c = i >= bpp && y > 0 ? above[i - bpp] : 0;
                    int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                    row[i] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }
                return;
            default:
                throw new PngFormatException($"row {y} uses unknown filter type {filter}");
        }
    }

    private static void Unpack(ReadOnlySpan<byte> row, Span<byte> destination, int bitDepth)
    {
        if (bitDepth == 8)
        {
            row[..destination.Length].CopyTo(destination);
            return;
        }
        var perByte = 8 / bitDepth;
        var mask = (1 << bitDepth) - 1;
        for (var i = 0; i < destination.Length; i++)
        {
            var shift = 8 - bitDepth * (i % perByte + 1);
            destination[i] = (byte)((row[i / perByte] >> shift) & mask);
        }
    }
}
