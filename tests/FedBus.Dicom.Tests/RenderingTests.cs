using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FedBus.Dicom.Imaging;
using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

public sealed class RenderingTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Theory]
    [InlineData("mono16-64", 2000.0, 1500.0)]
    [InlineData("mono16-ct", 40.0, 400.0)]
    [InlineData("mono8", 100.0, 80.0)]
    [InlineData("mono16-signed", 0.0, 30000.0)]
    public void Windowed_grayscale_matches_dcm2pnm_within_one_level(string name, double center, double width)
    {
        var path = SampleDumps.Make(dir, name, ImageCatalog.Get(name).ToDump());
        Dcmtk.Run("dcm2pnm", "-q", "+Ww", Invariant(center), Invariant(width), path, dir.File("ref.pgm"));
        using var file = DicomFile.Open(path);

        var ours = DicomImageRenderer.RenderGray8(DicomPixelData.FromFile(file), 0, new WindowLevel(center, width));

        var (w, h, theirs) = ReadPnm(dir.File("ref.pgm"));
        Assert.Equal((file.Dataset.GetNumber<int>(DicomTag.Columns), file.Dataset.GetNumber<int>(DicomTag.Rows)), (w, h));
        AssertClose(theirs, ours);
        Assert.True(ours.Distinct().Count() > 2, "the window should produce more than black and white");
    }

    [Fact]
    public void Rgb_renders_like_dcm2pnm()
    {
        var path = SampleDumps.Make(dir, "rgb", ImageCatalog.Get("rgb8-planar").ToDump());
        Dcmtk.Run("dcm2pnm", "-q", path, dir.File("ref.ppm"));
        using var file = DicomFile.Open(path);

        var ours = DicomImageRenderer.RenderRgb24(DicomPixelData.FromFile(file));

        Assert.Equal(ReadPnm(dir.File("ref.ppm")).Pixels, ours);
    }

    [Fact]
    public void Monochrome1_renders_inverted()
    {
        var image = ImageCatalog.Get("mono8");
        var path = SampleDumps.Make(dir, "m1", image.ToDump());
        using var file = DicomFile.Open(path);
        var pixels = DicomPixelData.FromFile(file);

        var gray = DicomImageRenderer.RenderGray8(pixels, 0, new WindowLevel(128, 256));

        Assert.Equal("MONOCHROME1", pixels.PhotometricInterpretation);
        Assert.Equal(image.ExpectedStored().Select(v => (byte)(255 - v)), gray);
    }

    [Fact]
    public void The_png_encoder_writes_a_valid_png_of_the_rendered_pixels()
    {
        var path = SampleDumps.Make(dir, "png", ImageCatalog.Get("mono16-64").ToDump());
        using var file = DicomFile.Open(path);
        var pixels = DicomPixelData.FromFile(file);
        var gray = DicomImageRenderer.RenderGray8(pixels);

        var png = DicomImageRenderer.RenderPng(pixels);

        var (width, height, colorType, decoded) = DecodePng(png);
        Assert.Equal((64, 64, 0), (width, height, colorType));
        Assert.Equal(gray, decoded);
    }

    [Fact]
    public void Rgb_png_round_trips()
    {
        var rgb = Enumerable.Range(0, 5 * 4 * 3).Select(i => (byte)(i * 11)).ToArray();

        var (width, height, colorType, decoded) = DecodePng(PngEncoder.Encode(5, 4, PngColorType.Rgb24, rgb));

        Assert.Equal((5, 4, 2), (width, height, colorType));
        Assert.Equal(rgb, decoded);
    }

    private static void AssertClose(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= 1, $"differs from dcm2pnm by up to {worst} levels\nexpected {string.Join(',', expected.Take(40))}\nactual   {string.Join(',', actual.Take(40))}");
    }

    private static string Invariant(double d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Binary PGM (P5) / PPM (P6) with maxval 255.
    private static (int Width, int Height, byte[] Pixels) ReadPnm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var at = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)bytes[at]) || bytes[at] == '#')
            {
                if (bytes[at] == '#')
                {
                    while (bytes[at] != '\n')
                    {
                        at++;
                    }
                }

                at++;
            }

            var start = at;
            while (!char.IsWhiteSpace((char)bytes[at]))
            {
                at++;
            }

            return Encoding.ASCII.GetString(bytes, start, at - start);
        }

        var magic = Token();
        var w = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var h = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("255", Token());
        at++;
        var channels = magic == "P6" ? 3 : 1;
        return (w, h, bytes.AsSpan(at, w * h * channels).ToArray());
    }

    // Enough of a PNG reader to check ours: signature, CRCs, IHDR, zlib IDAT, filters 0 and 2.
    private static (int Width, int Height, int ColorType, byte[] Pixels) DecodePng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var at = 8;
        int width = 0, height = 0, colorType = -1;
        using var idat = new MemoryStream();
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(at + 4, length + 4)), crc);
            if (type == "IHDR")
            {
                (width, height, colorType) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]), data[9]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var channels = colorType == 2 ? 3 : 1;
        var stride = width * channels;
        var rows = raw.ToArray();
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = rows[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var v = rows[(y * (stride + 1)) + 1 + x];
                pixels[(y * stride) + x] = filter switch
                {
                    0 => v,
                    2 => (byte)(v + (y > 0 ? pixels[((y - 1) * stride) + x] : 0)),
                    _ => throw new InvalidDataException($"unexpected PNG filter {filter}"),
                };
            }
        }

        return (width, height, colorType, pixels);
    }

    public void Dispose() => dir.Dispose();
}
