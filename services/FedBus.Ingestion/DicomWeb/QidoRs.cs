using System.Globalization;
using FedBus.Dicom;
using FedBus.Dicom.Json;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Ingestion.DicomWeb;

/// <summary>
/// QIDO-RS (PS3.18 §10.6): search studies, series and instances. Exact UIDs and Patient ID narrow the database
/// query; every other key is matched (wildcards, ranges, UID lists) on the candidates.
/// </summary>
public sealed class QidoRs(StudyIndex index)
{
    public async Task<IResult> SearchStudiesAsync(HttpRequest request)
    {
        var query = ParseQuery(QidoLevel.Study, request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var filters = new List<DocumentFilter>();
        if (query.ExactUid(QidoAttribute.Find("StudyInstanceUID")!) is { } study) filters.Add(DocumentFilter.Eq("studyInstanceUid", study));
        var patientId = query.Filters.FirstOrDefault(f => f.Attribute.Keyword == "PatientID").Value;
        if (patientId is { Length: > 0 } && patientId.IndexOfAny(['*', '?']) < 0) filters.Add(DocumentFilter.Eq("attributes.patientId", patientId));

        var candidates = await index.Studies.FindAsync(filters.Count == 0 ? DocumentFilter.All : DocumentFilter.And([.. filters]), cancellationToken: cancellationToken);
        var baseUrl = DicomWebResults.BaseUrl(request);
        var matches = new List<DicomDataset>();
        var skipped = 0;
        foreach (var record in candidates.OrderByDescending(s => s.Document.Attributes.StudyDate).ThenBy(s => s.Id, StringComparer.Ordinal))
        {
            var dataset = await StudyDatasetAsync(record.Document, baseUrl, cancellationToken);
            if (!query.Matches(dataset)) continue;
            if (skipped++ < query.Offset) continue;
            matches.Add(dataset);
            if (matches.Count == query.Limit) break;
        }
        return DicomWebResults.Json(DicomJsonWriter.ToUtf8(matches));
    }

    public async Task<IResult> SearchSeriesAsync(HttpRequest request, string? studyInstanceUid)
    {
        var query = ParseQuery(QidoLevel.Series, request);
        var cancellationToken = request.HttpContext.RequestAborted;
        studyInstanceUid ??= query.ExactUid(QidoAttribute.Find("StudyInstanceUID")!);
        var candidates = await index.Series.FindAsync(
            studyInstanceUid is null ? DocumentFilter.All : DocumentFilter.Eq("studyInstanceUid", studyInstanceUid), cancellationToken: cancellationToken);
        var baseUrl = DicomWebResults.BaseUrl(request);
        var studies = new Dictionary<string, StudyRecord?>(StringComparer.Ordinal);
        var matches = new List<DicomDataset>();
        var skipped = 0;
        foreach (var series in candidates.OrderBy(s => s.Document.StudyInstanceUid, StringComparer.Ordinal).ThenBy(s => s.Document.SeriesNumber ?? int.MaxValue))
        {
            if (!studies.TryGetValue(series.Document.StudyInstanceUid, out var study))
                studies[series.Document.StudyInstanceUid] = study = (await index.Studies.GetAsync(series.Document.StudyInstanceUid, cancellationToken))?.Document;
            var dataset = await SeriesDatasetAsync(series.Document, study, baseUrl, cancellationToken);
            if (!query.Matches(dataset)) continue;
            if (skipped++ < query.Offset) continue;
            matches.Add(dataset);
            if (matches.Count == query.Limit) break;
        }
        return DicomWebResults.Json(DicomJsonWriter.ToUtf8(matches));
    }

    public async Task<IResult> SearchInstancesAsync(HttpRequest request, string? studyInstanceUid, string? seriesInstanceUid)
    {
        var query = ParseQuery(QidoLevel.Instance, request);
        var cancellationToken = request.HttpContext.RequestAborted;
        studyInstanceUid ??= query.ExactUid(QidoAttribute.Find("StudyInstanceUID")!);
        seriesInstanceUid ??= query.ExactUid(QidoAttribute.Find("SeriesInstanceUID")!);
        var filters = new List<DocumentFilter>();
        if (studyInstanceUid is not null) filters.Add(DocumentFilter.Eq("studyInstanceUid", studyInstanceUid));
        if (seriesInstanceUid is not null) filters.Add(DocumentFilter.Eq("seriesInstanceUid", seriesInstanceUid));
        if (query.ExactUid(QidoAttribute.Find("SOPInstanceUID")!) is { } sop) filters.Add(DocumentFilter.Eq("sopInstanceUid", sop));
        var candidates = await index.Instances.FindAsync(filters.Count == 0 ? DocumentFilter.All : DocumentFilter.And([.. filters]), cancellationToken: cancellationToken);

        var baseUrl = DicomWebResults.BaseUrl(request);
        var series = new Dictionary<string, SeriesRecord?>(StringComparer.Ordinal);
        var studies = new Dictionary<string, StudyRecord?>(StringComparer.Ordinal);
        var matches = new List<DicomDataset>();
        var skipped = 0;
        foreach (var instance in candidates.OrderBy(i => i.Document.SeriesInstanceUid, StringComparer.Ordinal).ThenBy(i => i.Document.InstanceNumber ?? int.MaxValue))
        {
            var record = instance.Document;
            if (!series.TryGetValue(record.SeriesInstanceUid, out var s))
                series[record.SeriesInstanceUid] = s = (await index.Series.GetAsync(record.SeriesInstanceUid, cancellationToken))?.Document;
            if (!studies.TryGetValue(record.StudyInstanceUid, out var st))
                studies[record.StudyInstanceUid] = st = (await index.Studies.GetAsync(record.StudyInstanceUid, cancellationToken))?.Document;
            var dataset = InstanceDataset(record, s, st, baseUrl);
            if (!query.Matches(dataset)) continue;
            if (skipped++ < query.Offset) continue;
            matches.Add(dataset);
            if (matches.Count == query.Limit) break;
        }
        return DicomWebResults.Json(DicomJsonWriter.ToUtf8(matches));
    }

    private async Task<DicomDataset> StudyDatasetAsync(StudyRecord study, string baseUrl, CancellationToken cancellationToken)
    {
        var series = await index.SeriesOfStudyAsync(study.StudyInstanceUid, cancellationToken);
        var instances = await index.Instances.CountAsync(DocumentFilter.Eq("studyInstanceUid", study.StudyInstanceUid), cancellationToken);
        var dataset = Utf8Dataset();
        AddStudy(dataset, study);
        Add(dataset, DicomTag.ModalitiesInStudy, series.Select(s => s.Document.Modality).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray());
        Add(dataset, DicomTag.NumberOfStudyRelatedSeries, series.Count.ToString(CultureInfo.InvariantCulture));
        Add(dataset, DicomTag.NumberOfStudyRelatedInstances, instances.ToString(CultureInfo.InvariantCulture));
        Add(dataset, DicomTag.RetrieveURL, $"{baseUrl}/studies/{study.StudyInstanceUid}");
        return dataset;
    }

    private async Task<DicomDataset> SeriesDatasetAsync(SeriesRecord series, StudyRecord? study, string baseUrl, CancellationToken cancellationToken)
    {
        var instances = await index.Instances.CountAsync(DocumentFilter.Eq("seriesInstanceUid", series.SeriesInstanceUid), cancellationToken);
        var dataset = Utf8Dataset();
        if (study is not null) AddStudy(dataset, study);
        AddSeries(dataset, series);
        Add(dataset, DicomTag.NumberOfSeriesRelatedInstances, instances.ToString(CultureInfo.InvariantCulture));
        Add(dataset, DicomTag.RetrieveURL, $"{baseUrl}/studies/{series.StudyInstanceUid}/series/{series.SeriesInstanceUid}");
        return dataset;
    }

    private static DicomDataset InstanceDataset(InstanceRecord instance, SeriesRecord? series, StudyRecord? study, string baseUrl)
    {
        var dataset = Utf8Dataset();
        if (study is not null) AddStudy(dataset, study);
        if (series is not null) AddSeries(dataset, series);
        Add(dataset, DicomTag.StudyInstanceUID, instance.StudyInstanceUid);
        Add(dataset, DicomTag.SeriesInstanceUID, instance.SeriesInstanceUid);
        Add(dataset, DicomTag.SOPClassUID, instance.SopClassUid);
        Add(dataset, DicomTag.SOPInstanceUID, instance.SopInstanceUid);
        Add(dataset, DicomTag.InstanceNumber, instance.InstanceNumber?.ToString(CultureInfo.InvariantCulture));
        Add(dataset, DicomTag.AvailableTransferSyntaxUID, instance.TransferSyntaxUid);
        if (instance.Rows > 0)
        {
            dataset.AddOrUpdate<ushort>(DicomTag.Rows, (ushort)instance.Rows);
            dataset.AddOrUpdate<ushort>(DicomTag.Columns, (ushort)instance.Columns);
            Add(dataset, DicomTag.NumberOfFrames, instance.NumberOfFrames.ToString(CultureInfo.InvariantCulture));
        }
        Add(dataset, DicomTag.RetrieveURL, $"{baseUrl}/studies/{instance.StudyInstanceUid}/series/{instance.SeriesInstanceUid}/instances/{instance.SopInstanceUid}");
        return dataset;
    }

    private static QidoQuery ParseQuery(QidoLevel level, HttpRequest request) =>
        QidoQuery.Parse(level, request.Query.Select(q => KeyValuePair.Create(q.Key, q.Value.Select(v => v ?? "").ToArray())));

    // Names and descriptions are .NET strings here; UTF-8 keeps every character the modality sent.
    private static DicomDataset Utf8Dataset() => new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");

    private static void AddStudy(DicomDataset dataset, StudyRecord record)
    {
        var study = record.Attributes;
        Add(dataset, DicomTag.StudyDate, study.StudyDate);
        Add(dataset, DicomTag.StudyTime, study.StudyTime);
        Add(dataset, DicomTag.AccessionNumber, study.AccessionNumber);
        Add(dataset, DicomTag.ReferringPhysicianName, study.ReferringPhysicianName);
        Add(dataset, DicomTag.PatientName, study.PatientName);
        Add(dataset, DicomTag.PatientID, study.PatientId);
        Add(dataset, DicomTag.PatientBirthDate, study.PatientBirthDate);
        Add(dataset, DicomTag.PatientSex, study.PatientSex);
        Add(dataset, DicomTag.StudyInstanceUID, record.StudyInstanceUid);
        Add(dataset, DicomTag.StudyID, study.StudyId);
        Add(dataset, DicomTag.StudyDescription, study.StudyDescription);
    }

    private static void AddSeries(DicomDataset dataset, SeriesRecord series)
    {
        Add(dataset, DicomTag.Modality, series.Modality);
        Add(dataset, DicomTag.SeriesInstanceUID, series.SeriesInstanceUid);
        Add(dataset, DicomTag.SeriesNumber, series.SeriesNumber?.ToString(CultureInfo.InvariantCulture));
        Add(dataset, DicomTag.SeriesDescription, series.SeriesDescription);
        Add(dataset, DicomTag.BodyPartExamined, series.BodyPartExamined);
    }

    private static void Add(DicomDataset dataset, DicomTag tag, params string?[] values)
    {
        var present = values.OfType<string>().ToArray();
        dataset.AddOrUpdate(tag, present);
    }
}
