using System.Globalization;
using FedBus.Dicom;
using FedBus.Dicom.Json;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Ingestion.DicomWeb;

/// <summary>
/// QIDO-RS (PS3.18 §10.6): search studies, series and instances on the index. The store answers what its indexes can
/// (UIDs and UID lists, Patient ID, accession number, date ranges, exact text) in the order a viewer wants, a page at a
/// time; whatever it cannot (names, wildcards) is checked on those records, never on a data set built per candidate.
/// Counts and modalities are kept on the study and series records, and the records a page refers to are fetched with
/// one query per level, not one per result. A DICOM JSON data set is built only for the results returned.
/// </summary>
public sealed class QidoRs(StudyIndex index)
{
    private const int PageSize = 500;

    // A series or instance search with study-level keys first finds the matching studies, if they are this few.
    private const int MaxStudiesToJoin = 1000;

    public async Task<IResult> SearchStudiesAsync(HttpRequest request)
    {
        var query = ParseQuery(QidoLevel.Study, request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var (filter, exact) = query.IndexFilter(QidoRecords.StudyPath);
        var found = await PageAsync(index.Studies, filter, exact, new FindOptions("orderKey", Descending: true),
            page => Task.FromResult<Func<StudyRecord, bool>>(s => query.Matches(a => QidoRecords.StudyValues(s, a))),
            query.Offset, query.Limit, cancellationToken);
        var baseUrl = DicomWebResults.BaseUrl(request);
        return DicomWebResults.Json(DicomJsonWriter.ToUtf8(found.Select(s => StudyDataset(s, baseUrl)).ToList()));
    }

    public async Task<IResult> SearchSeriesAsync(HttpRequest request, string? studyInstanceUid)
    {
        var query = ParseQuery(QidoLevel.Series, request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var studies = await StudyConstraintAsync(query, studyInstanceUid, cancellationToken);
        if (studies is []) return DicomWebResults.Json(DicomJsonWriter.ToUtf8([]));

        var (filter, exact) = query.IndexFilter(a => a.Level == QidoLevel.Series ? QidoRecords.SeriesPath(a) : null);
        filter = And(filter, studies is null ? null : UidFilter("studyInstanceUid", studies));
        exact &= !query.HasFilterAt(QidoLevel.Study);
        var joined = new Dictionary<string, StudyRecord>(StringComparer.Ordinal);
        var found = await PageAsync(index.Series, filter, exact, new FindOptions(),
            async page =>
            {
                await JoinAsync(index.Studies, "studyInstanceUid", page.Select(s => s.StudyInstanceUid), joined, cancellationToken);
                return s => query.Matches(a => a.Level == QidoLevel.Study
                    ? joined.TryGetValue(s.StudyInstanceUid, out var study) ? QidoRecords.StudyValues(study, a) : []
                    : QidoRecords.SeriesValues(s, a));
            },
            query.Offset, query.Limit, cancellationToken,
            inOrder: all => all.OrderBy(s => s.StudyInstanceUid, StringComparer.Ordinal).ThenBy(s => s.SeriesNumber ?? int.MaxValue),
            oneStudy: studies is [_]);
        await JoinAsync(index.Studies, "studyInstanceUid", found.Select(s => s.StudyInstanceUid), joined, cancellationToken);
        var baseUrl = DicomWebResults.BaseUrl(request);
        return DicomWebResults.Json(DicomJsonWriter.ToUtf8(found.Select(s => SeriesDataset(s, joined.GetValueOrDefault(s.StudyInstanceUid), baseUrl)).ToList()));
    }

    public async Task<IResult> SearchInstancesAsync(HttpRequest request, string? studyInstanceUid, string? seriesInstanceUid)
    {
        var query = ParseQuery(QidoLevel.Instance, request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var studies = await StudyConstraintAsync(query, studyInstanceUid, cancellationToken);
        if (studies is []) return DicomWebResults.Json(DicomJsonWriter.ToUtf8([]));

        var (filter, exact) = query.IndexFilter(a => a.Level == QidoLevel.Instance || a.Keyword == "SeriesInstanceUID" ? QidoRecords.InstancePath(a) : null);
        filter = And(filter, studies is null ? null : UidFilter("studyInstanceUid", studies));
        filter = And(filter, seriesInstanceUid is null ? null : DocumentFilter.Eq("seriesInstanceUid", seriesInstanceUid));
        exact &= !query.HasFilterAt(QidoLevel.Study) && !query.HasFilterAt(QidoLevel.Series, "SeriesInstanceUID");
        var series = new Dictionary<string, SeriesRecord>(StringComparer.Ordinal);
        var joinedStudies = new Dictionary<string, StudyRecord>(StringComparer.Ordinal);
        var found = await PageAsync(index.Instances, filter, exact, new FindOptions(),
            async page =>
            {
                await JoinAsync(index.Series, "seriesInstanceUid", page.Select(i => i.SeriesInstanceUid), series, cancellationToken);
                await JoinAsync(index.Studies, "studyInstanceUid", page.Select(i => i.StudyInstanceUid), joinedStudies, cancellationToken);
                return i => query.Matches(a => a.Level switch
                {
                    QidoLevel.Study => joinedStudies.TryGetValue(i.StudyInstanceUid, out var st) ? QidoRecords.StudyValues(st, a) : [],
                    QidoLevel.Series when a.Keyword != "SeriesInstanceUID" => series.TryGetValue(i.SeriesInstanceUid, out var se) ? QidoRecords.SeriesValues(se, a) : [],
                    _ => QidoRecords.InstanceValues(i, a),
                });
            },
            query.Offset, query.Limit, cancellationToken,
            inOrder: all => all.OrderBy(i => i.SeriesInstanceUid, StringComparer.Ordinal).ThenBy(i => i.InstanceNumber ?? int.MaxValue),
            oneStudy: studies is [_] || seriesInstanceUid is not null);
        await JoinAsync(index.Series, "seriesInstanceUid", found.Select(i => i.SeriesInstanceUid), series, cancellationToken);
        await JoinAsync(index.Studies, "studyInstanceUid", found.Select(i => i.StudyInstanceUid), joinedStudies, cancellationToken);
        var baseUrl = DicomWebResults.BaseUrl(request);
        return DicomWebResults.Json(DicomJsonWriter.ToUtf8(found.Select(i =>
            InstanceDataset(i, series.GetValueOrDefault(i.SeriesInstanceUid), joinedStudies.GetValueOrDefault(i.StudyInstanceUid), baseUrl)).ToList()));
    }

    /// <summary>
    /// The results of one search: pages from the store in its order, each checked in memory unless the store's filter
    /// says it all. Within one study (a viewer opening it) the records are few: they are read together and put in
    /// series/instance-number order; elsewhere the store's order (newest study first, or by UID) pages them.
    /// </summary>
    private static async Task<List<T>> PageAsync<T>(
        IDocumentCollection<T> collection, DocumentFilter? filter, bool exact, FindOptions order,
        Func<IReadOnlyList<T>, Task<Func<T, bool>>> matcherForPage, int offset, int limit, CancellationToken cancellationToken,
        Func<IEnumerable<T>, IEnumerable<T>>? inOrder = null, bool oneStudy = false) where T : class
    {
        filter ??= DocumentFilter.All;
        if (oneStudy && inOrder is not null)
        {
            var all = (await collection.FindAsync(filter, cancellationToken: cancellationToken)).Select(d => d.Document).ToList();
            var matches = await matcherForPage(all);
            return inOrder(all.Where(matches)).Skip(offset).Take(limit).ToList();
        }
        if (exact)
            return (await collection.FindAsync(filter, order with { Skip = offset, Limit = limit }, cancellationToken)).Select(d => d.Document).ToList();

        var found = new List<T>();
        var skipped = 0;
        for (var skip = 0; ; skip += PageSize)
        {
            var page = (await collection.FindAsync(filter, order with { Skip = skip, Limit = PageSize }, cancellationToken)).Select(d => d.Document).ToList();
            var matches = await matcherForPage(page);
            foreach (var item in page)
            {
                if (!matches(item) || skipped++ < offset) continue;
                found.Add(item);
                if (found.Count == limit) return found;
            }
            if (page.Count < PageSize) return found;
        }
    }

    /// <summary>
    /// The studies a series or instance search is limited to: the one in the URL, those its study-level keys match
    /// (if few enough to name), or null for no limit. An empty list means nothing can match.
    /// </summary>
    private async Task<IReadOnlyList<string>?> StudyConstraintAsync(QidoQuery query, string? studyInFromUrl, CancellationToken cancellationToken)
    {
        if (studyInFromUrl is not null) return [studyInFromUrl];
        if (!query.HasFilterAt(QidoLevel.Study)) return null;
        var (filter, _) = query.IndexFilter(a => a.Level == QidoLevel.Study ? QidoRecords.StudyPath(a) : null);
        var studies = await PageAsync(index.Studies, filter, exact: false, new FindOptions("orderKey", Descending: true),
            _ => Task.FromResult<Func<StudyRecord, bool>>(s => query.Matches(a => QidoRecords.StudyValues(s, a), a => a.Level == QidoLevel.Study)),
            0, MaxStudiesToJoin + 1, cancellationToken);
        return studies.Count > MaxStudiesToJoin ? null : studies.Select(s => s.StudyInstanceUid).ToList();
    }

    /// <summary>Fetches the records named by <paramref name="ids"/> that are not in <paramref name="known"/> yet, in one query.</summary>
    private static async Task JoinAsync<T>(IDocumentCollection<T> collection, string path, IEnumerable<string> ids, Dictionary<string, T> known, CancellationToken cancellationToken)
        where T : class
    {
        var missing = ids.Where(id => !known.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0) return;
        foreach (var record in await collection.FindAsync(UidFilter(path, missing), cancellationToken: cancellationToken)) known[record.Id] = record.Document;
    }

    private static DocumentFilter UidFilter(string path, IReadOnlyList<string> uids) =>
        uids.Count == 1 ? DocumentFilter.Eq(path, uids[0]) : DocumentFilter.In(path, uids);

    private static DocumentFilter? And(DocumentFilter? a, DocumentFilter? b) => a is null ? b : b is null ? a : DocumentFilter.And(a, b);

    private static DicomDataset StudyDataset(StudyRecord study, string baseUrl)
    {
        var dataset = Utf8Dataset();
        AddStudy(dataset, study);
        Add(dataset, DicomTag.ModalitiesInStudy, [.. study.Modalities]);
        Add(dataset, DicomTag.NumberOfStudyRelatedSeries, study.SeriesCount.ToString(CultureInfo.InvariantCulture));
        Add(dataset, DicomTag.NumberOfStudyRelatedInstances, study.InstanceCount.ToString(CultureInfo.InvariantCulture));
        Add(dataset, DicomTag.RetrieveURL, $"{baseUrl}/studies/{study.StudyInstanceUid}");
        return dataset;
    }

    private static DicomDataset SeriesDataset(SeriesRecord series, StudyRecord? study, string baseUrl)
    {
        var dataset = Utf8Dataset();
        if (study is not null) AddStudy(dataset, study);
        AddSeries(dataset, series);
        Add(dataset, DicomTag.NumberOfSeriesRelatedInstances, series.InstanceCount.ToString(CultureInfo.InvariantCulture));
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
