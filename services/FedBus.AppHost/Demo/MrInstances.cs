using System.Globalization;
using FedBus.Dicom;

namespace FedBus.AppHost.Demo;

/// <summary>
/// Real DICOM MR instances (MR Image Storage, 12-bit unsigned in 16, MONOCHROME2) from the demo's slices, written as Part 10
/// files with our own file layer. The patient is synthetic; the pixels are the benchmark's through the site's scanner.
/// </summary>
internal static class MrInstances
{
    public const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";

    private const int MaxStored = 4095;

    public static DicomDataset Build(DemoStudy study, DemoImage image, string siteId, string scanner)
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192")
            .AddOrUpdate(DicomTag.SOPClassUID, MrImageStorage)
            .AddOrUpdate(DicomTag.SOPInstanceUID, image.SopInstanceUid)
            .AddOrUpdate(DicomTag.StudyDate, "20261201")
            .AddOrUpdate(DicomTag.StudyTime, "090000")
            .AddOrUpdate(DicomTag.AccessionNumber, study.AccessionNumber)
            .AddOrUpdate(DicomTag.Modality, "MR")
            .AddOrUpdate(DicomTag.Manufacturer, "FedBus demo")
            .AddOrUpdate(DicomTag.InstitutionName, siteId)
            .AddOrUpdate(DicomTag.StudyDescription, "Brain MRI")
            .AddOrUpdate(DicomTag.SeriesDescription, $"T1 ({scanner})")
            .AddOrUpdate(DicomTag.PatientName, $"DEMO^{study.PatientId}")
            .AddOrUpdate(DicomTag.PatientID, study.PatientId)
            .AddOrUpdate(DicomTag.PatientBirthDate, "19700101")
            .AddOrUpdate(DicomTag.PatientSex, "O")
            .AddOrUpdate(DicomTag.BodyPartExamined, "BRAIN")
            .AddOrUpdate(DicomTag.StudyInstanceUID, study.StudyInstanceUid)
            .AddOrUpdate(DicomTag.SeriesInstanceUID, study.SeriesInstanceUid)
            .AddOrUpdate(DicomTag.StudyID, "1")
            .AddOrUpdate(DicomTag.SeriesNumber, "1")
            .AddOrUpdate(DicomTag.InstanceNumber, image.InstanceNumber.ToString(CultureInfo.InvariantCulture))
            .AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1)
            .AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTag.Rows, (ushort)image.Rows)
            .AddOrUpdate(DicomTag.Columns, (ushort)image.Columns)
            .AddOrUpdate(DicomTag.PixelSpacing, "1", "1")
            .AddOrUpdate(DicomTag.SliceThickness, "1")
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16)
            .AddOrUpdate(DicomTag.BitsStored, (ushort)12)
            .AddOrUpdate(DicomTag.HighBit, (ushort)11)
            .AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0)
            .AddOrUpdate(DicomTag.WindowCenter, "2048")
            .AddOrUpdate(DicomTag.WindowWidth, "4096");
        dataset.AddOrUpdateBytes(DicomTag.PixelData, DicomVR.OW, Pixels(image.Pixels));
        return dataset;
    }

    /// <summary>Writes the instance as a Part 10 file (explicit VR little endian) and returns its path.</summary>
    public static string Write(string folder, DemoStudy study, DemoImage image, string siteId, string scanner)
    {
        var path = Path.Combine(folder, $"{study.PatientId}-{image.InstanceNumber:D3}.dcm");
        using var file = new DicomFile(Build(study, image, siteId, scanner), DicomTransferSyntax.ExplicitVRLittleEndian);
        file.Save(path);
        return path;
    }

    private static byte[] Pixels(float[] intensities)
    {
        var bytes = new byte[intensities.Length * 2];
        for (int i = 0; i < intensities.Length; i++)
        {
            var stored = (ushort)Math.Clamp((int)Math.Round(intensities[i] * MaxStored), 0, MaxStored);
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), stored);
        }
        return bytes;
    }
}
