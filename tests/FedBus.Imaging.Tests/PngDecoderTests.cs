using System.Buffers.Binary;
using System.IO.Hashing;
using FedBus.Dicom.Imaging;
using FedBus.Imaging.Png;

namespace FedBus.Imaging.Tests;

public sealed class PngDecoderTests
{
    private static int[] Pattern(int width, int height, int modulo) =>
        Enumerable.Range(0, width * height).Select(i => (i * 7 + i / width * 3) % modulo).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Grayscale_images_written_by_pillow_decode_to_the_same_values(bool optimize)
    {
        var pixels = Pattern(37, 23, 256);
        var png = PillowPng.Write(new { mode = "L", width = 37, height = 23, pixels, optimize });
        var decoded = PngDecoder.Decode(png);
        Assert.Equal((37, 23, 1, 0), (decoded.Width, decoded.Height, decoded.Channels, decoded.ColorType));
        Assert.Equal(pixels.Select(v => (byte)v), decoded.Samples);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Palette_images_at_every_bit_depth_decode_to_their_indices(int bits)
    {
        var entries = 1 << Math.Min(bits, 4);
        var pixels = Pattern(19, 11, entries);
        var palette = Enumerable.Range(0, entries * 3).Select(i => i * 5 % 256).ToArray();
        var png = PillowPng.Write(new { mode = "P", width = 19, height = 11, pixels, palette, bits });
        var decoded = PngDecoder.Decode(png);
        Assert.Equal(3, decoded.ColorType);
        Assert.Equal(bits, decoded.BitDepth);
        Assert.Equal(pixels.Select(v => (byte)v), decoded.Samples);
    }

    [Fact]
    public void A_one_bit_image_unpacks_to_zeros_and_ones()
    {
        var pixels = Pattern(13, 9, 2).Select(v => v * 255).ToArray();
        var decoded = PngDecoder.Decode(PillowPng.Write(new { mode = "1", width = 13, height = 9, pixels }));
        Assert.Equal(1, decoded.BitDepth);
        Assert.Equal(pixels.Select(v => (byte)(v / 255)), decoded.Samples);
    }

    [Fact]
    public void Rgba_images_keep_all_four_channels_in_order()
    {
        var pixels = Enumerable.Range(0, 6 * 4).Select(i => new[] { i, (i * 3) % 256, (i * 11) % 256, 200 + i % 50 }).ToArray();
        var decoded = PngDecoder.Decode(PillowPng.Write(new { mode = "RGBA", width = 6, height = 4, pixels, optimize = true }));
        Assert.Equal((4, 6), (decoded.Channels, decoded.ColorType));
        Assert.Equal(pixels.SelectMany(p => p.Select(v => (byte)v)), decoded.Samples);
    }

    [Fact]
    public void What_our_own_encoder_writes_reads_back()
    {
        var pixels = Pattern(64, 48, 256).Select(v => (byte)v).ToArray();
        var decoded = PngDecoder.Decode(PngEncoder.Encode(64, 48, PngColorType.Gray8, pixels));
        Assert.Equal(pixels, decoded.Samples);
    }

    [Fact]
    public void An_interlaced_image_is_refused_with_a_reason()
    {
        var png = PngEncoder.Encode(4, 4, PngColorType.Gray8, new byte[16]);
        png[8 + 8 + 12] = 1; // IHDR's interlace byte
        FixCrc(png, 8);
        var e = Assert.Throws<PngFormatException>(() => PngDecoder.Decode(png));
        Assert.Contains("interlac", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_chunk_fails_its_crc()
    {
        var png = PngEncoder.Encode(4, 4, PngColorType.Gray8, new byte[16]);
        png[8 + 8] ^= 1;
        var e = Assert.Throws<PngFormatException>(() => PngDecoder.Decode(png));
        Assert.Contains("CRC", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_and_a_non_png_are_refused()
    {
        var png = PngEncoder.Encode(8, 8, PngColorType.Gray8, new byte[64]);
        Assert.Throws<PngFormatException>(() => PngDecoder.Decode(png.AsSpan(0, png.Length - 20)));
        Assert.Contains("signature", Assert.Throws<PngFormatException>(() => PngDecoder.Decode("GIF89a..."u8)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_larger_than_the_limit_is_refused_before_it_is_inflated()
    {
        var png = PngEncoder.Encode(100, 100, PngColorType.Gray8, new byte[10_000]);
        Assert.Contains("limit", Assert.Throws<PngFormatException>(() => PngDecoder.Decode(png, maxPixels: 5_000)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sixteen_bit_images_are_refused_because_they_are_not_class_ids()
    {
        var pixels = Pattern(5, 5, 65536);
        var png = PillowPng.Write(new { mode = "I;16", width = 5, height = 5, pixels });
        Assert.Contains("16", Assert.Throws<PngFormatException>(() => PngDecoder.Decode(png)).Message, StringComparison.Ordinal);
    }

    private static void FixCrc(byte[] png, int chunkStart)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(chunkStart));
        var crc = Crc32.HashToUInt32(png.AsSpan(chunkStart + 4, 4 + length));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(chunkStart + 8 + length), crc);
    }
}
