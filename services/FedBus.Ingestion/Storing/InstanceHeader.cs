using FedBus.Dicom;
using FedBus.Ingestion.Index;

namespace FedBus.Ingestion.Storing;

/// <summary>What the index needs from an instance's header (everything before the pixel data).</summary>
public sealed record InstanceHeader(
    string SopClassUid,
    string SopInstanceUid,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    int? InstanceNumber,
    int Rows,
    int Columns,
    int NumberOfFrames,
    string? Modality,
    StudyAttributes Study,
    int? SeriesNumber,
    string? SeriesDescription,
    string? BodyPartExamined)
{
    /// <summary>Reads the header; throws <see cref="IngestRejectedException"/> naming what is missing or malformed.</summary>
    public static InstanceHeader From(DicomDataset dataset)
    {
        string Uid(DicomTag tag, string name)
        {
            var value = dataset.GetString(tag);
            if (string.IsNullOrEmpty(value))
                throw new IngestRejectedException(IngestStatus.CannotUnderstand, $"the data set has no {tag} {name}");
            if (!DicomUids.IsValid(value))
                throw new IngestRejectedException(IngestStatus.CannotUnderstand, $"{tag} {name} '{value}' is not a valid UID");
            return value;
        }

        string? Text(DicomTag tag)
        {
            var value = dataset.GetString(tag)?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        int? Int(DicomTag tag) => dataset.TryGetNumber<int>(tag, out var v) ? v : null;

        return new InstanceHeader(
            Uid(DicomTag.SOPClassUID, "SOP Class UID"),
            Uid(DicomTag.SOPInstanceUID, "SOP Instance UID"),
            Uid(DicomTag.StudyInstanceUID, "Study Instance UID"),
            Uid(DicomTag.SeriesInstanceUID, "Series Instance UID"),
            Int(DicomTag.InstanceNumber),
            Int(DicomTag.Rows) ?? 0,
            Int(DicomTag.Columns) ?? 0,
            Int(DicomTag.NumberOfFrames) ?? (dataset.Contains(DicomTag.Rows) ? 1 : 0),
            Text(DicomTag.Modality),
            new StudyAttributes(
            Text(DicomTag.PatientID),
            Text(DicomTag.PatientName),
            Text(DicomTag.PatientBirthDate),
            Text(DicomTag.PatientSex),
            Text(DicomTag.StudyDate),
            Text(DicomTag.StudyTime),
            Text(DicomTag.AccessionNumber),
            Text(DicomTag.StudyID),
            Text(DicomTag.StudyDescription),
            Text(DicomTag.ReferringPhysicianName)),
            Int(DicomTag.SeriesNumber),
            Text(DicomTag.SeriesDescription),
            Text(DicomTag.BodyPartExamined));
    }
}
