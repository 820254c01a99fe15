using System.Globalization;
using System.Numerics;
using FedBus.Dicom;

namespace FedBus.Testing;

/// <summary>
/// CT-like DICOM instances written with our own file layer: a water cylinder with a bone ring and noise, 16-bit
/// signed, rescaled to Hounsfield units. For tests and benchmarks that need a PACS's worth of realistic files.
/// </summary>
public static class SyntheticDicom
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>A UID under the 2.25 root (PS3.5 B.2): globally unique without a registered org root.</summary>
    public static string NewUid() =>
        "2.25." + new BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true).ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<DicomDataset> Instances(SyntheticStudy study)
    {
        TestIdentities.Record(study.PatientId, study.PatientName, study.AccessionNumber);
        var random = new Random(study.Seed);
        for (var s = 0; s < study.Series; s++)
        {
            var seriesUid = NewUid();
            for (var i = 0; i < study.InstancesPerSeries; i++)
                yield return Instance(study, seriesUid, s + 1, i + 1, random);
        }
    }

    /// <summary>Writes the study as Part 10 files (explicit VR little endian) and returns their paths.</summary>
    public static IReadOnlyList<string> WriteStudy(string folder, SyntheticStudy study)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var dataset in Instances(study))
        {
            var path = Path.Combine(folder, dataset.GetString(DicomTag.SOPInstanceUID) + ".dcm");
            using var file = new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
            file.Save(path);
            paths.Add(path);
        }
        return paths;
    }

    private static DicomDataset Instance(SyntheticStudy study, string seriesUid, int seriesNumber, int instanceNumber, Random random)
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192")
            .AddOrUpdate(DicomTag.SOPClassUID, CtImageStorage)
            .AddOrUpdate(DicomTag.SOPInstanceUID, NewUid())
            .AddOrUpdate(DicomTag.StudyDate, study.StudyDate)
            .AddOrUpdate(DicomTag.StudyTime, "101500")
            .AddOrUpdate(DicomTag.AccessionNumber, study.AccessionNumber)
            .AddOrUpdate(DicomTag.Modality, study.Modality)
            .AddOrUpdate(DicomTag.StudyDescription, "Synthetic head CT")
            .AddOrUpdate(DicomTag.SeriesDescription, $"Axial {seriesNumber}")
            .AddOrUpdate(DicomTag.PatientName, study.PatientName)
            .AddOrUpdate(DicomTag.PatientID, study.PatientId)
            .AddOrUpdate(DicomTag.PatientBirthDate, "19700101")
            .AddOrUpdate(DicomTag.PatientSex, "F")
            .AddOrUpdate(DicomTag.BodyPartExamined, "HEAD")
            .AddOrUpdate(DicomTag.StudyInstanceUID, study.StudyInstanceUid)
            .AddOrUpdate(DicomTag.SeriesInstanceUID, seriesUid)
            .AddOrUpdate(DicomTag.StudyID, "1")
            .AddOrUpdate(DicomTag.SeriesNumber, seriesNumber.ToString(CultureInfo.InvariantCulture))
            .AddOrUpdate(DicomTag.InstanceNumber, instanceNumber.ToString(CultureInfo.InvariantCulture))
            .AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1)
            .AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTag.Rows, (ushort)study.Rows)
            .AddOrUpdate(DicomTag.Columns, (ushort)study.Columns)
            .AddOrUpdate(DicomTag.PixelSpacing, "0.5", "0.5")
            .AddOrUpdate(DicomTag.SliceThickness, "1")
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16)
            .AddOrUpdate(DicomTag.BitsStored, (ushort)16)
            .AddOrUpdate(DicomTag.HighBit, (ushort)15)
            .AddOrUpdate(DicomTag.PixelRepresentation, (ushort)1)
            .AddOrUpdate(DicomTag.RescaleIntercept, "-1024")
            .AddOrUpdate(DicomTag.RescaleSlope, "1")
            .AddOrUpdate(DicomTag.WindowCenter, "40")
            .AddOrUpdate(DicomTag.WindowWidth, "400");
        dataset.AddOrUpdateBytes(DicomTag.PixelData, DicomVR.OW, Pixels(study.Rows, study.Columns, instanceNumber, random));
        return dataset;
    }

    private static byte[] Pixels(int rows, int columns, int slice, Random random)
    {
        var bytes = new byte[rows * columns * 2];
        double cx = columns / 2.0, cy = rows / 2.0, radius = Math.Min(rows, columns) * (0.40 + 0.02 * Math.Sin(slice / 7.0));
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                var r = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) / radius;
                // Stored values: air 0 (= -1024 HU), water ~1024 (0 HU), bone ring ~2024 (1000 HU).
                var value = r > 1.0 ? 0 : r > 0.92 ? 2024 : 1024 + 40 * Math.Cos(x * 0.1) ;
                var stored = (short)Math.Clamp(value + random.Next(-20, 21), short.MinValue, short.MaxValue);
                BitConverter.TryWriteBytes(bytes.AsSpan((y * columns + x) * 2), stored);
            }
        }
        return bytes;
    }
}
