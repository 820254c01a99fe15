using System.Globalization;
using FedBus.Dicom;
using FedBus.Imaging.Labels;
using FedBus.Training.Tests.Support;

namespace FedBus.Federation.Tests;

/// <summary>
/// A site's existing labelled set: the training tests' phantoms as DICOM with UIDs fixed by the seed, so every run seeds
/// the same bytes and each site's train/validation split (a hash of the case) is the same every run.
/// </summary>
public static class PhantomCases
{
    private const string UidRoot = "1.2.826.0.1.3680043.10.1417";

    /// <summary>The seed request body of POST /training/models/{modelId}/cases.</summary>
    public static object SeedRequest(int seed)
    {
        var (mask, pixels) = Phantoms.Draw(seed);
        var bytes = new byte[pixels.Length * 2];
        for (var i = 0; i < pixels.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (ushort)pixels[i]);
        var s = seed.ToString(CultureInfo.InvariantCulture);
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.4")
            .AddOrUpdate(DicomTag.SOPInstanceUID, $"{UidRoot}.3.{s}")
            .AddOrUpdate(DicomTag.StudyInstanceUID, $"{UidRoot}.1.{s}")
            .AddOrUpdate(DicomTag.SeriesInstanceUID, $"{UidRoot}.2.{s}")
            .AddOrUpdate(DicomTag.Modality, "MR")
            .AddOrUpdate(DicomTag.InstanceNumber, s)
            .AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1)
            .AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTag.Rows, (ushort)Phantoms.Size)
            .AddOrUpdate(DicomTag.Columns, (ushort)Phantoms.Size)
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16)
            .AddOrUpdate(DicomTag.BitsStored, (ushort)16)
            .AddOrUpdate(DicomTag.HighBit, (ushort)15)
            .AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
        dataset.AddOrUpdateBytes(DicomTag.PixelData, DicomVR.OW, bytes);
        using var file = new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        var label = LabelCodec.Encode(new MaskLabel(Phantoms.Size, Phantoms.Size, mask));
        return new
        {
            task = "segmentation",
            dicom = Convert.ToBase64String(file.ToBytes()),
            frame = 1,
            label = Convert.ToBase64String(label.Bytes),
            labelMediaType = label.MediaType,
            classCount = 2,
        };
    }
}
