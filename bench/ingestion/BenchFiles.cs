using System.Buffers.Binary;
using FedBus.Dicom;

namespace FedBus.Bench.Ingestion;

/// <summary>
/// Writes one study of N instances as Part 10 files (explicit VR little endian, via the file layer): 512×512 CT
/// (≈ 525 KB) or 181×217 MR slices (≈ 79 KB, the size of a brain MRI slice); a different pattern per instance.
/// Every call makes new UIDs, so a receiver sees each set as new instances.
/// </summary>
internal static class BenchFiles
{
    public static IReadOnlyList<string> Create(string directory, int count, string patientId = "BENCH-1", Kind kind = Kind.Ct)
    {
        Directory.CreateDirectory(directory);
        var (rows, columns, sopClass, modality) = kind == Kind.Ct
            ? (512, 512, DicomUid.CTImageStorage, "CT")
            : (217, 181, DicomUid.MRImageStorage, "MR");
        var paths = new List<string>(count);
        var studyUid = DicomUid.Generate();
        var seriesUid = DicomUid.Generate();
        var pixels = new byte[rows * columns * 2];
        for (var i = 0; i < count; i++)
        {
            for (var p = 0; p < pixels.Length / 2; p++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan(2 * p), (ushort)(((p % columns) + (p / columns) + (i * 37)) & 0x0FFF));
            }

            var dataset = new DicomDataset()
                .AddOrUpdate(DicomTag.SOPClassUID, sopClass)
                .AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate())
                .AddOrUpdate(DicomTag.Modality, modality)
                .AddOrUpdate(DicomTag.PatientName, "Bench^Ingestion")
                .AddOrUpdate(DicomTag.PatientID, patientId)
                .AddOrUpdate(DicomTag.StudyDate, "20261130")
                .AddOrUpdate(DicomTag.StudyInstanceUID, studyUid)
                .AddOrUpdate(DicomTag.SeriesInstanceUID, seriesUid)
                .AddOrUpdate(DicomTag.InstanceNumber, i + 1)
                .AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1)
                .AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2")
                .AddOrUpdate(DicomTag.Rows, (ushort)rows)
                .AddOrUpdate(DicomTag.Columns, (ushort)columns)
                .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16)
                .AddOrUpdate(DicomTag.BitsStored, (ushort)12)
                .AddOrUpdate(DicomTag.HighBit, (ushort)11)
                .AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0)
                .AddOrUpdateBytes(DicomTag.PixelData, DicomVR.OW, pixels.ToArray());
            var path = Path.Combine(directory, $"{modality.ToLowerInvariant()}{i + 1:D5}.dcm");
            using var file = new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
            file.Save(path);
            paths.Add(path);
        }

        return paths;
    }

    public static string StudyUidOf(string path) => DicomFile.Open(path, DicomReadOptions.HeaderOnly).Dataset.GetString(DicomTag.StudyInstanceUID)!;

    public enum Kind
    {
        Ct,
        Mr,
    }
}
