using FedBus.ServiceDefaults.Storage;

namespace FedBus.Ingestion.Index;

/// <summary>The study index: instances, series and studies in the document store.</summary>
public sealed class StudyIndex(IDocumentStore store)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _knownSeries = new(StringComparer.Ordinal);

    public IDocumentCollection<InstanceRecord> Instances { get; } = store.Collection<InstanceRecord>("instances");
    public IDocumentCollection<SeriesRecord> Series { get; } = store.Collection<SeriesRecord>("series");
    public IDocumentCollection<StudyRecord> Studies { get; } = store.Collection<StudyRecord>("studies");

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        await Instances.EnsureIndexAsync("studyInstanceUid", cancellationToken);
        await Instances.EnsureIndexAsync("seriesInstanceUid", cancellationToken);
        await Series.EnsureIndexAsync("studyInstanceUid", cancellationToken);
        await Studies.EnsureIndexAsync("attributes.patientId", cancellationToken);
        await Studies.EnsureIndexAsync("state", cancellationToken);
    }

    public Task<IReadOnlyList<Stored<InstanceRecord>>> InstancesOfStudyAsync(string studyInstanceUid, CancellationToken cancellationToken) =>
        Instances.FindAsync(DocumentFilter.Eq("studyInstanceUid", studyInstanceUid), cancellationToken: cancellationToken);

    public Task<IReadOnlyList<Stored<InstanceRecord>>> InstancesOfSeriesAsync(string seriesInstanceUid, CancellationToken cancellationToken) =>
        Instances.FindAsync(DocumentFilter.Eq("seriesInstanceUid", seriesInstanceUid), cancellationToken: cancellationToken);

    public Task<IReadOnlyList<Stored<SeriesRecord>>> SeriesOfStudyAsync(string studyInstanceUid, CancellationToken cancellationToken) =>
        Series.FindAsync(DocumentFilter.Eq("studyInstanceUid", studyInstanceUid), cancellationToken: cancellationToken);

    /// <summary>Adds the series if this is its first instance; a concurrent first writer wins harmlessly.</summary>
    public async Task EnsureSeriesAsync(SeriesRecord series, CancellationToken cancellationToken)
    {
        // Every instance asks; almost all ask about a series seen a moment ago, so remember recent ones.
        if (_knownSeries.ContainsKey(series.SeriesInstanceUid)) return;
        if (await Series.GetAsync(series.SeriesInstanceUid, cancellationToken) is null)
        {
            try
            {
                await Series.InsertAsync(series.SeriesInstanceUid, series, cancellationToken);
            }
            catch (DuplicateDocumentException)
            {
            }
        }
        if (_knownSeries.Count > 10_000) _knownSeries.Clear();
        _knownSeries.TryAdd(series.SeriesInstanceUid, 0);
    }

    /// <summary>
    /// Marks the study as receiving: creates it (generation 1), or reopens a complete one as a new generation.
    /// A study already receiving is left alone.
    /// </summary>
    public async Task OpenStudyAsync(StudyRecord attributes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var existing = await Studies.GetAsync(attributes.StudyInstanceUid, cancellationToken);
            try
            {
                if (existing is null)
                {
                    await Studies.InsertAsync(attributes.StudyInstanceUid, attributes with
                    {
                        State = StudyState.Receiving, Generation = 1, ReceivingSince = now, FirstReceivedAt = now,
                    }, cancellationToken);
                    return;
                }
                if (existing.Document.State == StudyState.Receiving) return;
                await Studies.ReplaceAsync(attributes.StudyInstanceUid, existing.Document with
                {
                    State = StudyState.Receiving, Generation = existing.Document.Generation + 1, ReceivingSince = now,
                }, existing.Version, cancellationToken);
                return;
            }
            catch (Exception e) when (e is DuplicateDocumentException or ConcurrencyConflictException)
            {
                // Another writer changed the study between our read and write; decide again on fresh state.
            }
        }
        throw new ConcurrencyConflictException("studies", attributes.StudyInstanceUid, -1);
    }
}
