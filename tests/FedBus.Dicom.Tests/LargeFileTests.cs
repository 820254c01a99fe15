using FedBus.Dicom.Imaging;
using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

public sealed class LargeFileTests : IDisposable
{
    private const int Frames = 1000;
    private const int Size = 512;
    private readonly TempDirectory dir = new();

    [Fact]
    public void A_512_megabyte_multiframe_file_is_read_frame_by_frame_without_loading_it()
    {
        var path = dir.File("big.dcm");
        WriteBigFile(path);
        Assert.True(new FileInfo(path).Length > 500L * 1024 * 1024);

        var before = GC.GetAllocatedBytesForCurrentThread();
        using (var file = DicomFile.Open(path))
        {
            var pixels = DicomPixelData.FromFile(file);
            Assert.Equal(Frames, pixels.NumberOfFrames);
            foreach (var frame in new[] { 0, 517, Frames - 1 })
            {
                var values = pixels.GetStoredValues(frame);
                var first = (long)frame * Size * Size;
                Assert.Equal(PatternBuffer.Word(first), values[0]);
                Assert.Equal(PatternBuffer.Word(first + 12345), values[12345]);
                Assert.Equal(PatternBuffer.Word(first + (Size * Size) - 1), values[^1]);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Three frames (512 KB of bytes + 1 MB of ints each) and the header, on this thread: far below the file size.
        Assert.True(allocated < 16L * 1024 * 1024, $"reading three frames allocated {allocated / 1024 / 1024} MB");
    }

    private static void WriteBigFile(string path)
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTag.SOPClassUID, DicomUid.MultiframeGrayscaleWordSecondaryCaptureImageStorage)
            .AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1)
            .AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTag.NumberOfFrames, Frames)
            .AddOrUpdate(DicomTag.Rows, (ushort)Size).AddOrUpdate(DicomTag.Columns, (ushort)Size)
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16).AddOrUpdate(DicomTag.BitsStored, (ushort)16)
            .AddOrUpdate(DicomTag.HighBit, (ushort)15).AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0)
            .AddOrUpdate(new DicomElement(DicomTag.PixelData, DicomVR.OW, new PatternBuffer(2L * Size * Size * Frames)));
        new DicomFile(ds).Save(path);
    }

    public void Dispose() => dir.Dispose();
}
