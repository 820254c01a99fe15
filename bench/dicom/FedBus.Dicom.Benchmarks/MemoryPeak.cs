using System.Diagnostics;
using System.Globalization;
using FedBus.Dicom;
using FedBus.Dicom.Imaging;

namespace FedBus.Dicom.Benchmarks;

/// <summary>
/// Peak resident memory (VmHWM) while reading every frame of a large multi-frame file. Run each
/// mode in its own process: the high-water mark only ever rises.
/// </summary>
internal static class MemoryPeak
{
    public static int Run(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("memory (create|lazy|eager) PATH");
            return 2;
        }

        var (mode, path) = (args[0], args[1]);
        if (mode == "create")
        {
            Create(path, frames: 1000);
            Console.WriteLine($"wrote {new FileInfo(path).Length / (1024 * 1024)} MB to {path}; peak RSS {PeakMb()} MB");
            return 0;
        }

        var options = mode == "eager" ? new DicomReadOptions { LargeValueThreshold = long.MaxValue } : DicomReadOptions.Default;
        var baseline = PeakMb();
        var sw = Stopwatch.StartNew();
        using var file = DicomFile.Open(path, options);
        var pixels = DicomPixelData.FromFile(file);
        long sum = 0;
        var values = new int[pixels.Rows * pixels.Columns];
        for (var f = 0; f < pixels.NumberOfFrames; f++)
        {
            pixels.CopyStoredValues(f, values);
            sum += values[1000];
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode}: {pixels.NumberOfFrames} frames of a {new FileInfo(path).Length / (1024 * 1024)} MB file in {sw.Elapsed.TotalSeconds:F2} s; peak RSS {PeakMb()} MB (at start {baseline} MB) [checksum {sum}]"));
        return 0;
    }

    private static void Create(string path, int frames)
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTag.SOPClassUID, DicomUid.MultiframeGrayscaleWordSecondaryCaptureImageStorage)
            .AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1)
            .AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTag.NumberOfFrames, frames)
            .AddOrUpdate(DicomTag.Rows, (ushort)512).AddOrUpdate(DicomTag.Columns, (ushort)512)
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16).AddOrUpdate(DicomTag.BitsStored, (ushort)16)
            .AddOrUpdate(DicomTag.HighBit, (ushort)15).AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0)
            .AddOrUpdate(new DicomElement(DicomTag.PixelData, DicomVR.OW, new GeneratedBuffer(2L * 512 * 512 * frames)));
        new DicomFile(ds).Save(path);
    }

    private static long PeakMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return -1;
    }

    /// <summary>Bytes computed on the fly, so creating the file does not need it in memory.</summary>
    private sealed class GeneratedBuffer(long length) : DicomBuffer
    {
        public override long Length { get; } = length;

        public override bool IsInMemory => false;

        public override ReadOnlyMemory<byte> GetMemory() => throw new NotSupportedException();

        public override void CopyTo(long offset, Span<byte> destination)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = (byte)((offset + i) * 31 >> 3);
            }
        }
    }
}
