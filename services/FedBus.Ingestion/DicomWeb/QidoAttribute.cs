using FedBus.Dicom;

namespace FedBus.Ingestion.DicomWeb;

/// <summary>An attribute QIDO-RS can match on and return.</summary>
public sealed record QidoAttribute(string Keyword, DicomTag Tag, QidoMatchKind Match, QidoLevel Level)
{
    public static IReadOnlyList<QidoAttribute> All { get; } =
    [
        new("StudyDate", DicomTag.StudyDate, QidoMatchKind.Range, QidoLevel.Study),
        new("StudyTime", DicomTag.StudyTime, QidoMatchKind.Range, QidoLevel.Study),
        new("AccessionNumber", DicomTag.AccessionNumber, QidoMatchKind.Text, QidoLevel.Study),
        new("ModalitiesInStudy", DicomTag.ModalitiesInStudy, QidoMatchKind.Text, QidoLevel.Study),
        new("ReferringPhysicianName", DicomTag.ReferringPhysicianName, QidoMatchKind.PersonName, QidoLevel.Study),
        new("PatientName", DicomTag.PatientName, QidoMatchKind.PersonName, QidoLevel.Study),
        new("PatientID", DicomTag.PatientID, QidoMatchKind.Text, QidoLevel.Study),
        new("PatientBirthDate", DicomTag.PatientBirthDate, QidoMatchKind.Range, QidoLevel.Study),
        new("PatientSex", DicomTag.PatientSex, QidoMatchKind.Text, QidoLevel.Study),
        new("StudyInstanceUID", DicomTag.StudyInstanceUID, QidoMatchKind.Uid, QidoLevel.Study),
        new("StudyID", DicomTag.StudyID, QidoMatchKind.Text, QidoLevel.Study),
        new("StudyDescription", DicomTag.StudyDescription, QidoMatchKind.Text, QidoLevel.Study),
        new("Modality", DicomTag.Modality, QidoMatchKind.Text, QidoLevel.Series),
        new("SeriesInstanceUID", DicomTag.SeriesInstanceUID, QidoMatchKind.Uid, QidoLevel.Series),
        new("SeriesNumber", DicomTag.SeriesNumber, QidoMatchKind.Integer, QidoLevel.Series),
        new("SeriesDescription", DicomTag.SeriesDescription, QidoMatchKind.Text, QidoLevel.Series),
        new("BodyPartExamined", DicomTag.BodyPartExamined, QidoMatchKind.Text, QidoLevel.Series),
        new("SOPClassUID", DicomTag.SOPClassUID, QidoMatchKind.Uid, QidoLevel.Instance),
        new("SOPInstanceUID", DicomTag.SOPInstanceUID, QidoMatchKind.Uid, QidoLevel.Instance),
        new("InstanceNumber", DicomTag.InstanceNumber, QidoMatchKind.Integer, QidoLevel.Instance),
    ];

    /// <summary>By keyword or by tag as 8 hex digits ("00100020"), as PS3.18 allows.</summary>
    public static QidoAttribute? Find(string key)
    {
        var byKeyword = All.FirstOrDefault(a => string.Equals(a.Keyword, key, StringComparison.OrdinalIgnoreCase));
        if (byKeyword is not null) return byKeyword;
        return key.Length == 8 && uint.TryParse(key, System.Globalization.NumberStyles.HexNumber, null, out var value)
            ? All.FirstOrDefault(a => a.Tag.Value == value)
            : null;
    }
}
