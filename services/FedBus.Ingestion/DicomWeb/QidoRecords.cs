using System.Globalization;
using FedBus.Ingestion.Index;

namespace FedBus.Ingestion.DicomWeb;

/// <summary>Where each QIDO-RS attribute lives in the index records: its stored field (for the store) and its values (for matching).</summary>
internal static class QidoRecords
{
    public static string? StudyPath(QidoAttribute attribute) => attribute.Keyword switch
    {
        "StudyDate" => "attributes.studyDate",
        "AccessionNumber" => "attributes.accessionNumber",
        "PatientID" => "attributes.patientId",
        "PatientBirthDate" => "attributes.patientBirthDate",
        "PatientSex" => "attributes.patientSex",
        "StudyInstanceUID" => "studyInstanceUid",
        "StudyID" => "attributes.studyId",
        "StudyDescription" => "attributes.studyDescription",
        _ => null,
    };

    public static IReadOnlyList<string> StudyValues(StudyRecord study, QidoAttribute attribute)
    {
        var a = study.Attributes;
        return attribute.Keyword switch
        {
            "StudyDate" => One(a.StudyDate),
            "StudyTime" => One(a.StudyTime),
            "AccessionNumber" => One(a.AccessionNumber),
            "ModalitiesInStudy" => study.Modalities,
            "ReferringPhysicianName" => One(a.ReferringPhysicianName),
            "PatientName" => One(a.PatientName),
            "PatientID" => One(a.PatientId),
            "PatientBirthDate" => One(a.PatientBirthDate),
            "PatientSex" => One(a.PatientSex),
            "StudyInstanceUID" => [study.StudyInstanceUid],
            "StudyID" => One(a.StudyId),
            "StudyDescription" => One(a.StudyDescription),
            _ => [],
        };
    }

    public static string? SeriesPath(QidoAttribute attribute) => attribute.Keyword switch
    {
        "Modality" => "modality",
        "SeriesInstanceUID" => "seriesInstanceUid",
        "SeriesNumber" => "seriesNumber",
        "SeriesDescription" => "seriesDescription",
        "BodyPartExamined" => "bodyPartExamined",
        "StudyInstanceUID" => "studyInstanceUid",
        _ => null,
    };

    public static IReadOnlyList<string> SeriesValues(SeriesRecord series, QidoAttribute attribute) => attribute.Keyword switch
    {
        "Modality" => One(series.Modality),
        "SeriesInstanceUID" => [series.SeriesInstanceUid],
        "SeriesNumber" => One(series.SeriesNumber?.ToString(CultureInfo.InvariantCulture)),
        "SeriesDescription" => One(series.SeriesDescription),
        "BodyPartExamined" => One(series.BodyPartExamined),
        "StudyInstanceUID" => [series.StudyInstanceUid],
        _ => [],
    };

    public static string? InstancePath(QidoAttribute attribute) => attribute.Keyword switch
    {
        "SOPClassUID" => "sopClassUid",
        "SOPInstanceUID" => "sopInstanceUid",
        "InstanceNumber" => "instanceNumber",
        "SeriesInstanceUID" => "seriesInstanceUid",
        "StudyInstanceUID" => "studyInstanceUid",
        _ => null,
    };

    public static IReadOnlyList<string> InstanceValues(InstanceRecord instance, QidoAttribute attribute) => attribute.Keyword switch
    {
        "SOPClassUID" => [instance.SopClassUid],
        "SOPInstanceUID" => [instance.SopInstanceUid],
        "InstanceNumber" => One(instance.InstanceNumber?.ToString(CultureInfo.InvariantCulture)),
        "SeriesInstanceUID" => [instance.SeriesInstanceUid],
        "StudyInstanceUID" => [instance.StudyInstanceUid],
        _ => [],
    };

    private static IReadOnlyList<string> One(string? value) => value is null ? [] : [value];
}
