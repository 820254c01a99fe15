using System.Buffers.Binary;
using FedBus.BrainMri;
using FedBus.Dicom;

namespace FedBus.Inference.Tests.Support;

/// <summary>
/// Real DICOM files for the tests: MR slices from the committed brain MRI benchmark (16-bit MONOCHROME2), a CT (signed,
/// rescaled), an RT plan (no pixels), a colour JPEG made by DCMTK's img2dcm, a JPEG-compressed series whose second
/// frame is corrupted, and variants (MONOCHROME1, multi-frame, non-square).
/// </summary>
internal static class TestDicom
{
    private static int counter;

    public static string NewUid() => $"2.25.{Guid.NewGuid().ToByteArray().Aggregate(System.Numerics.BigInteger.Zero, (a, b) => a * 256 + b)}";

    /// <summary>Held-out benchmark slice <paramref name="index"/> as an MR image (0..4095 stored values).</summary>
    public static byte[] MrSlice(int index, string? study = null, string? series = null, string? sop = null, string photometric = "MONOCHROME2",
        float[]? pixels = null, int rows = BrainMriDataset.Size, int columns = BrainMriDataset.Size, int frames = 1)
    {
        pixels ??= BrainMriDataset.Shared.TestSplit()[index % 91].Image;
        var values = new ushort[rows * columns * frames];
        for (var f = 0; f < frames; f++)
            for (var i = 0; i < rows * columns; i++)
            {
                var v = pixels[i % pixels.Length];
                values[f * rows * columns + i] = (ushort)Math.Round((photometric == "MONOCHROME1" ? 1 - v : v) * 4095);
            }
        var ds = Image(DicomUid.MRImageStorage, "MR", study, series, sop, rows, columns, photometric, frames);
        ds.AddOrUpdate<ushort>(DicomTag.BitsAllocated, 16);
        ds.AddOrUpdate<ushort>(DicomTag.BitsStored, 12);
        ds.AddOrUpdate<ushort>(DicomTag.HighBit, 11);
        ds.AddOrUpdate<ushort>(DicomTag.PixelRepresentation, 0);
        ds.AddOrUpdate(new DicomElement(DicomTag.PixelData, DicomVR.OW, Words(values)));
        return new DicomFile(ds).ToBytes();
    }

    /// <summary>A CT slice: signed values, Rescale Intercept −1024 (Hounsfield units).</summary>
    public static byte[] CtSlice(string? study = null)
    {
        var ds = Image(DicomUid.CTImageStorage, "CT", study, null, null, 64, 64, "MONOCHROME2", 1);
        ds.AddOrUpdate<ushort>(DicomTag.BitsAllocated, 16);
        ds.AddOrUpdate<ushort>(DicomTag.BitsStored, 16);
        ds.AddOrUpdate<ushort>(DicomTag.HighBit, 15);
        ds.AddOrUpdate<ushort>(DicomTag.PixelRepresentation, 1);
        ds.AddOrUpdate(DicomTag.RescaleIntercept, "-1024");
        ds.AddOrUpdate(DicomTag.RescaleSlope, "1");
        var values = new ushort[64 * 64];
        for (var i = 0; i < values.Length; i++) values[i] = (ushort)(short)((i % 64) * 20);
        ds.AddOrUpdate(new DicomElement(DicomTag.PixelData, DicomVR.OW, Words(values)));
        return new DicomFile(ds).ToBytes();
    }

    /// <summary>An RT plan: a real storage SOP class that carries no image at all.</summary>
    public static byte[] RtPlan(string? study = null)
    {
        var ds = Common(DicomUid.RTPlanStorage, "RTPLAN", study, null, null);
        ds.AddOrUpdate(DicomTag.RTPlanLabel, "PLAN1");
        ds.AddOrUpdate(DicomTag.RTPlanGeometry, "PATIENT");
        return new DicomFile(ds).ToBytes();
    }

    /// <summary>A colour photograph-like image: an RGB DICOM rendered to JPEG by dcmj2pnm, wrapped back by img2dcm (YBR_FULL_422).</summary>
    public static byte[] ColourJpeg(TempDirectory dir)
    {
        const int size = 64;
        var rgb = new byte[size * size * 3];
        for (var r = 0; r < size; r++)
            for (var c = 0; c < size; c++)
            {
                var i = (r * size + c) * 3;
                rgb[i] = (byte)(4 * c);
                rgb[i + 1] = (byte)(4 * r);
                rgb[i + 2] = (byte)(255 - 4 * c);
            }
        var ds = Image(DicomUid.SecondaryCaptureImageStorage, "OT", null, null, null, size, size, "RGB", 1);
        ds.AddOrUpdate<ushort>(DicomTag.SamplesPerPixel, 3);
        ds.AddOrUpdate<ushort>(DicomTag.PlanarConfiguration, 0);
        ds.AddOrUpdate<ushort>(DicomTag.BitsAllocated, 8);
        ds.AddOrUpdate<ushort>(DicomTag.BitsStored, 8);
        ds.AddOrUpdate<ushort>(DicomTag.HighBit, 7);
        ds.AddOrUpdate<ushort>(DicomTag.PixelRepresentation, 0);
        ds.AddOrUpdate(new DicomElement(DicomTag.PixelData, DicomVR.OB, rgb));
        var source = dir.File($"rgb-{Interlocked.Increment(ref counter)}.dcm");
        new DicomFile(ds).Save(source);
        var jpeg = Path.ChangeExtension(source, ".jpg");
        Dcmtk.Run("dcmj2pnm", "+oj", source, jpeg);
        var output = Path.ChangeExtension(source, ".img2dcm.dcm");
        Dcmtk.Run("img2dcm", "-k", "Modality=MR", jpeg, output);
        return File.ReadAllBytes(output);
    }

    /// <summary>
    /// A three-frame MR image compressed with JPEG lossless by DCMTK (dcmcjpeg), then the start of frame 2's JPEG
    /// stream overwritten — the decoder meets garbage where an SOI marker belongs.
    /// </summary>
    public static byte[] CorruptedJpegSecondFrame(TempDirectory dir, string? study = null)
    {
        var native = dir.File($"native-{Interlocked.Increment(ref counter)}.dcm");
        File.WriteAllBytes(native, MrSlice(3, study: study, frames: 3));
        var compressed = Path.ChangeExtension(native, ".jpeg.dcm");
        Dcmtk.Run("dcmcjpeg", "+e1", native, compressed);
        var bytes = File.ReadAllBytes(compressed);
        // Fragments after the (empty) basic offset table: every JPEG stream starts with FF D8 FF; break the second one.
        var starts = new List<int>();
        for (var i = 0; i + 2 < bytes.Length; i++)
            if (bytes[i] == 0xFF && bytes[i + 1] == 0xD8 && bytes[i + 2] == 0xFF) starts.Add(i);
        if (starts.Count != 3) throw new InvalidOperationException($"expected 3 JPEG streams, found {starts.Count}");
        bytes.AsSpan(starts[1], 64).Fill(0x5A);
        return bytes;
    }

    private static DicomDataset Image(string sopClass, string modality, string? study, string? series, string? sop, int rows, int columns, string photometric, int frames)
    {
        var ds = Common(sopClass, modality, study, series, sop);
        ds.AddOrUpdate<ushort>(DicomTag.SamplesPerPixel, 1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, photometric);
        ds.AddOrUpdate<ushort>(DicomTag.Rows, (ushort)rows);
        ds.AddOrUpdate<ushort>(DicomTag.Columns, (ushort)columns);
        if (frames > 1) ds.AddOrUpdate(DicomTag.NumberOfFrames, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ds;
    }

    private static DicomDataset Common(string sopClass, string modality, string? study, string? series, string? sop)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SOPClassUID, sopClass);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, sop ?? NewUid());
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, study ?? NewUid());
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, series ?? NewUid());
        ds.AddOrUpdate(DicomTag.Modality, modality);
        ds.AddOrUpdate(DicomTag.PatientID, "TEST-ANON");
        ds.AddOrUpdate(DicomTag.PatientName, "Test^Anonymous");
        ds.AddOrUpdate(DicomTag.StudyDate, "20250101");
        return ds;
    }

    private static byte[] Words(ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        return bytes;
    }
}
