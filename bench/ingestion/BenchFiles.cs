using System.Buffers.Binary;
using FedBus.Dicom;

namespace FedBus.Bench.Ingestion;

/// <summary>
/// Writes N CT instances of 512×512 16-bit pixels as Part 10 files (explicit VR little endian, via the file layer),
/// one study, one series, a different slice pattern per instance.
/// </summary>
internal static class BenchFiles
{
    public static IReadOnlyList<string> Create(string directory, int count, string patientId = "BENCH-1")
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>(count);
        var studyUid = DicomUid.Generate();
        var seriesUid = DicomUid.Generate();
        for (var i = 0; i < count; i++)
        {
            var pixels = new byte[512 * 512 * 2];
            for (var p = 0; p < pixels.Length / 2; p++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan(2 * p), (ushort)(((p % 512) + (p / 512) + (i * 37)) & 0x0FFF));
            }

            var dataset = new DicomDataset()
                .AddOrUpdate(DicomTag.SOPClassUID, DicomUid.CTImageStorage)
                .AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate())
                .AddOrUpdate(DicomTag.Modality, "CT")
                .AddOrUpdate(DicomTag.PatientName, "Bench^Ingestion")
                .AddOrUpdate(DicomTag.PatientID, patientId)
                .AddOrUpdate(DicomTag.StudyInstanceUID, studyUid)
                .AddOrUpdate(DicomTag.SeriesInstanceUID, seriesUid)
                .AddOrUpdate(DicomTag.InstanceNumber, i + 1)
                .AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1)
                .AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2")
                .AddOrUpdate(DicomTag.Rows, (ushort)512)
                .AddOrUpdate(DicomTag.Columns, (ushort)512)
                .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16)
                .AddOrUpdate(DicomTag.BitsStored, (ushort)12)
                .AddOrUpdate(DicomTag.HighBit, (ushort)11)
                .AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0)
                .AddOrUpdateBytes(DicomTag.PixelData, DicomVR.OW, pixels);
            var path = Path.Combine(directory, $"ct{i + 1:D4}.dcm");
            using var file = new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
            file.Save(path);
            paths.Add(path);
        }

        return paths;
    }
}
