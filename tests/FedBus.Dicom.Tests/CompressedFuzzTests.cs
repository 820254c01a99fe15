using FedBus.Dicom.Imaging;
using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

/// <summary>
/// Corrupt compressed frames: GDCM's JPEG and JPEG 2000 paths abort or corrupt the heap on some
/// of them, which is why decoding runs in a worker process. Whatever the bytes, decoding ends in
/// a DicomException and this process carries on.
/// </summary>
public sealed class CompressedFuzzTests : IDisposable
{
    private const int Cases = 80;
    private readonly TempDirectory dir = new();

    [Theory]
    [InlineData("dcmcjpeg", "")]
    [InlineData("dcmcjpeg", "+eb")]
    [InlineData("dcmcjpls", "")]
    [InlineData("dcmcrle", "")]
    [InlineData("gdcm", "1.2.840.10008.1.2.4.90")]
    public void Corrupt_compressed_frames_fail_with_a_dicom_exception_and_decoding_goes_on(string tool, string option)
    {
        if (tool != "dcmcrle")
        {
            GdcmTool.RequireGdcm();
        }

        var image = ImageCatalog.Get("mono8-64-multiframe");
        var source = SampleDumps.Make(dir, "src", image.ToDump());
        var compressed = dir.File("c.dcm");
        if (tool == "gdcm")
        {
            GdcmTool.Transcode(source, compressed, option);
        }
        else
        {
            Dcmtk.Run(tool, option.Length > 0 ? ["-q", option, source, compressed] : ["-q", source, compressed]);
        }

        var original = File.ReadAllBytes(compressed);
        int[] Decode(byte[] b)
        {
            using var f = DicomFile.Parse(b);
            return PixelDataTests.AllFrames(DicomPixelData.FromFile(f));
        }

        var expected = Decode(original);
        var pixelStart = (int)DicomPart10Header.Read(original).DatasetOffset + 200;
        var random = new Random(tool.Length * 31 + option.Length);
        var failures = 0;
        for (var i = 0; i < Cases; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                bytes[random.Next(pixelStart, bytes.Length)] = (byte)random.Next(256);
            }

            try
            {
                using var file = DicomFile.Parse(bytes);
                var pixels = DicomPixelData.FromFile(file);
                for (var f = 0; f < pixels.NumberOfFrames; f++)
                {
                    _ = pixels.GetStoredValues(f);
                }
            }
            catch (DicomException)
            {
                failures++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: {ex.GetType().Name} escaped: {ex}");
            }
        }

        // Still decoding correctly afterwards (a crashed worker is replaced).
        Assert.Equal(expected, Decode(original));
        Assert.InRange(failures, 1, Cases);
    }

    public void Dispose() => dir.Dispose();
}
