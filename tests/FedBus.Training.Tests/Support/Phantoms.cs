using System.Globalization;
using FedBus.Dicom;
using FedBus.Imaging.Labels;
using FedBus.Learning.Cases;
using FedBus.Testing;

namespace FedBus.Training.Tests.Support;

/// <summary>
/// A learnable segmentation task in miniature (as MONAI's create_test_image_2d): a bright ellipse on a noisy background,
/// the mask is the ellipse. As DICOM (16-bit MONOCHROME2) with a mask PNG label, or directly as a model case.
/// </summary>
public static class Phantoms
{
    public const int Size = 32;

    public static (byte[] Mask, float[] Pixels) Draw(int seed, int size = Size)
    {
        var random = new Random(seed);
        double cx = random.Next(9, size - 9), cy = random.Next(9, size - 9), rx = random.Next(4, 8), ry = random.Next(4, 8);
        var mask = new byte[size * size];
        var pixels = new float[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var inside = (x - cx) * (x - cx) / (rx * rx) + (y - cy) * (y - cy) / (ry * ry) <= 1;
                mask[y * size + x] = inside ? (byte)1 : (byte)0;
                pixels[y * size + x] = (inside ? 600 : 100) + random.Next(-60, 61);
            }
        }
        return (mask, pixels);
    }

    /// <summary>Part 10 bytes of the phantom as a one-frame instance, and its mask PNG.</summary>
    public static (byte[] Dicom, byte[] LabelPng, string MediaType) Files(int seed, int size = Size)
    {
        var (mask, pixels) = Draw(seed, size);
        var bytes = new byte[pixels.Length * 2];
        for (var i = 0; i < pixels.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (ushort)pixels[i]);
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.4")
            .AddOrUpdate(DicomTag.SOPInstanceUID, SyntheticDicom.NewUid())
            .AddOrUpdate(DicomTag.StudyInstanceUID, SyntheticDicom.NewUid())
            .AddOrUpdate(DicomTag.SeriesInstanceUID, SyntheticDicom.NewUid())
            .AddOrUpdate(DicomTag.Modality, "MR")
            .AddOrUpdate(DicomTag.InstanceNumber, seed.ToString(CultureInfo.InvariantCulture))
            .AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1)
            .AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTag.Rows, (ushort)size)
            .AddOrUpdate(DicomTag.Columns, (ushort)size)
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16)
            .AddOrUpdate(DicomTag.BitsStored, (ushort)16)
            .AddOrUpdate(DicomTag.HighBit, (ushort)15)
            .AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
        dataset.AddOrUpdateBytes(DicomTag.PixelData, DicomVR.OW, bytes);
        using var file = new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        var label = LabelCodec.Encode(new MaskLabel(size, size, mask));
        return (file.ToBytes(), label.Bytes, label.MediaType);
    }

    /// <summary>The same phantoms as model cases (no DICOM), for training a reference model in a test.</summary>
    public static IReadOnlyList<LabeledCase> Cases(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(seed =>
        {
            var (mask, pixels) = Draw(seed);
            return new LabeledCase($"phantom-{seed}", new ImageSlice(Size, Size, pixels), new SegmentationLabel(mask));
        })];
}
