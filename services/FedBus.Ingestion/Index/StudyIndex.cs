using FedBus.Ingestion.Storing;
using FedBus.Ingestion.Studies;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Ingestion.Index;

/// <summary>
/// The study index: instances, series and studies in the document store. Instances are indexed in batches. A batch
/// first opens (or reopens) its studies, then adds its series and instances in one atomic commit
/// (<see cref="IDocumentStore.CommitAsync"/>), so an instance is never visible in a study that is not receiving, a crash
/// leaves no half batch, and the committer's replay of the staged files finishes whatever a crash cut short. A study's
/// record is only ever changed by single compare-and-swap writes at the version read: every store isolates those,
/// including a wire-compatible test server whose transactions let concurrent writers of one document all commit.
/// The counts QIDO-RS shows are recounted from the index at most once a second per study while it receives, and
/// exactly when it is announced.
/// </summary>
public sealed partial class StudyIndex(IDocumentStore store, StudyCompletionRules rules, IngestionOptions options, TimeProvider time, ILogger<StudyIndex> logger)
{
    private const int Attempts = 20;
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _knownSeries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _uncounted = new(StringComparer.Ordinal);
    private readonly Lock _uncountedLock = new();

    public IDocumentCollection<InstanceRecord> Instances { get; } = store.Collection<InstanceRecord>("instances");
    public IDocumentCollection<SeriesRecord> Series { get; } = store.Collection<SeriesRecord>("series");
    public IDocumentCollection<StudyRecord> Studies { get; } = store.Collection<StudyRecord>("studies");

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        await Instances.EnsureIndexAsync("studyInstanceUid", cancellationToken);
        await Instances.EnsureIndexAsync("seriesInstanceUid", cancellationToken);
        await Series.EnsureIndexAsync("studyInstanceUid", cancellationToken);
        // QIDO-RS joins an instance page to its series by this field (the id is the same UID, but filters name fields).
        await Series.EnsureIndexAsync("seriesInstanceUid", cancellationToken);
        await Studies.EnsureIndexAsync("state", cancellationToken);
        await Studies.EnsureIndexAsync("studyInstanceUid", cancellationToken);
        await Studies.EnsureIndexAsync("orderKey", cancellationToken);
        await Studies.EnsureIndexAsync("attributes.studyDate", cancellationToken);
        await Studies.EnsureIndexAsync("attributes.accessionNumber", cancellationToken);
        // A patient's studies, newest first, from one index where the engine can (MongoDB); LiteDB uses the first key.
        await Studies.EnsureIndexAsync([new IndexKey("attributes.patientId"), new IndexKey("orderKey", Descending: true)], cancellationToken);
    }

    public Task<IReadOnlyList<Stored<InstanceRecord>>> InstancesOfStudyAsync(string studyInstanceUid, CancellationToken cancellationToken) =>
        Instances.FindAsync(DocumentFilter.Eq("studyInstanceUid", studyInstanceUid), FindOptions.Unordered, cancellationToken);

    public Task<IReadOnlyList<Stored<InstanceRecord>>> InstancesOfSeriesAsync(string seriesInstanceUid, CancellationToken cancellationToken) =>
        Instances.FindAsync(DocumentFilter.Eq("seriesInstanceUid", seriesInstanceUid), FindOptions.Unordered, cancellationToken);

    public Task<IReadOnlyList<Stored<SeriesRecord>>> SeriesOfStudyAsync(string studyInstanceUid, CancellationToken cancellationToken) =>
        Series.FindAsync(DocumentFilter.Eq("studyInstanceUid", studyInstanceUid), FindOptions.Unordered, cancellationToken);

    /// <summary>
    /// Indexes a batch: the outcome of each entry, in order. An instance the index already has (same SOP Instance UID)
    /// is not indexed again: identical bytes are a plain resend; different bytes are kept out, or replace it when
    /// <see cref="IngestionOptions.OverwriteInstances"/> says so. <paramref name="replay"/> (staged files of an earlier
    /// run) recounts every study of the batch at once.
    /// </summary>
    public async Task<IReadOnlyList<IngestOutcome>> CommitAsync(IReadOnlyList<IndexEntry> entries, DateTimeOffset now, CancellationToken cancellationToken, bool replay = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var outcomes = await TryCommitAsync(entries, now, lookUpEach: attempt > 0, cancellationToken);
                if (replay)
                {
                    foreach (var study in entries.Select(e => e.Instance.StudyInstanceUid).Distinct(StringComparer.Ordinal)) await RecountAsync(study, cancellationToken);
                }
                else
                {
                    await RecountDueAsync(force: false, cancellationToken);
                }
                return outcomes;
            }
            catch (Exception e) when (e is DuplicateDocumentException or ConcurrencyConflictException or DocumentNotFoundException && attempt < Attempts)
            {
                // Another writer (a replica, a resend racing its original) got there between our reads and our commit.
            }
        }
    }

    private async Task<IReadOnlyList<IngestOutcome>> TryCommitAsync(IReadOnlyList<IndexEntry> entries, DateTimeOffset now, bool lookUpEach, CancellationToken cancellationToken)
    {
        var studies = new Dictionary<string, Stored<StudyRecord>?>(StringComparer.Ordinal);
        foreach (var study in entries.Select(e => e.Instance.StudyInstanceUid).Distinct(StringComparer.Ordinal))
            studies[study] = await Studies.GetAsync(study, cancellationToken);

        var outcomes = new IngestOutcome?[entries.Count];
        var toInsert = new List<int>();
        var toReplace = new List<(int Entry, long Version)>();
        var firstInBatch = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var record = entries[i].Instance;
            if (firstInBatch.TryGetValue(record.SopInstanceUid, out var first))
            {
                outcomes[i] = Resend(record, entries[first].Instance);
                continue;
            }
            firstInBatch[record.SopInstanceUid] = i;
            // Into a study that is receiving, an instance is inserted without a look-up (a resend makes the batch fail on
            // its duplicate id and be decided again with look-ups); into a complete or unknown study it is looked up
            // first, so a resend neither reopens the study nor counts as new.
            if (!lookUpEach && !options.OverwriteInstances && studies[record.StudyInstanceUid]?.Document.State == StudyState.Receiving)
            {
                toInsert.Add(i);
                continue;
            }
            var existing = await Instances.GetAsync(record.SopInstanceUid, cancellationToken);
            if (existing is null) toInsert.Add(i);
            else if (existing.Document.BlobSha256 != record.BlobSha256 && options.OverwriteInstances) toReplace.Add((i, existing.Version));
            else outcomes[i] = Resend(record, existing.Document);
        }

        var changing = toInsert.Concat(toReplace.Select(r => r.Entry)).ToList();
        foreach (var study in Enumerable.Range(0, entries.Count).GroupBy(i => entries[i].Instance.StudyInstanceUid, StringComparer.Ordinal))
        {
            var adds = study.Where(changing.Contains).ToList();
            // New instances open (or reopen) the study; an association sending only instances the study already has
            // still becomes one of its senders while it receives, so the study waits for that association's end.
            var senders = adds.Count > 0
                ? adds.Select(i => entries[i].AssociationId).Distinct().ToList()
                : study.Select(i => entries[i].AssociationId).OfType<Guid>().Distinct().Select(id => (Guid?)id).ToList();
            var first = entries[adds.Count > 0 ? adds[0] : study.First()];
            await UpdateStudyAsync(study.Key, current =>
            {
                if (adds.Count == 0 && current?.State != StudyState.Receiving) return null;
                if (current is not null && !NeedsArrival(current, senders, now)) return null;
                var record = current ?? rules.Open(study.Key, first.Header.Study, first.Instance.CallingAeTitle, now);
                foreach (var sender in senders) record = rules.InstancesArrived(record, sender, now);
                return record;
            }, cancellationToken);
        }

        var batch = new DocumentBatch();
        var newSeries = new List<string>();
        foreach (var entry in changing.Select(i => entries[i]).DistinctBy(e => e.Instance.SeriesInstanceUid))
        {
            var header = entry.Header;
            // Almost every instance is of a series seen a moment ago.
            if (_knownSeries.ContainsKey(header.SeriesInstanceUid) || await Series.GetAsync(header.SeriesInstanceUid, cancellationToken) is not null) continue;
            batch.Insert(Series, header.SeriesInstanceUid, new SeriesRecord(header.SeriesInstanceUid, header.StudyInstanceUid, header.Modality,
                header.SeriesNumber, header.SeriesDescription, header.BodyPartExamined, now));
            newSeries.Add(header.SeriesInstanceUid);
        }

        foreach (var i in toInsert) batch.Insert(Instances, entries[i].Instance.SopInstanceUid, entries[i].Instance);
        foreach (var (i, version) in toReplace) batch.Replace(Instances, entries[i].Instance.SopInstanceUid, entries[i].Instance, version);
        if (batch.Count == 0) return outcomes.Select(o => o!).ToList();
        await store.CommitAsync(batch, cancellationToken);

        foreach (var i in changing) outcomes[i] = new IngestOutcome(IngestStatus.Stored, null, entries[i].Instance, IsNew: true);
        if (toReplace.Count > 0) LogReplaced(toReplace.Count);
        if (_knownSeries.Count > 10_000) _knownSeries.Clear();
        foreach (var series in newSeries.Concat(changing.Select(i => entries[i].Instance.SeriesInstanceUid))) _knownSeries.TryAdd(series, 0);

        // A study announced between our read and our commit opens its next generation, so these instances are announced
        // too. While an association of ours is one of its senders it cannot be announced; without one (STOW-RS, replay) it can.
        foreach (var study in changing.GroupBy(i => entries[i].Instance.StudyInstanceUid, StringComparer.Ordinal))
        {
            MarkUncounted(study.Key);
            if (study.All(i => entries[i].AssociationId is not null)) continue;
            var senders = study.Select(i => entries[i].AssociationId).Distinct().ToList();
            await UpdateStudyAsync(study.Key, current =>
            {
                if (current is not { State: StudyState.Complete }) return null;
                foreach (var sender in senders) current = rules.InstancesArrived(current, sender, now);
                return current;
            }, cancellationToken);
        }
        return outcomes.Select(o => o!).ToList();
    }

    /// <summary>Recounts the studies that got instances since their last count: those counted over a second ago, or all.</summary>
    public async Task RecountDueAsync(bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<string> due;
        lock (_uncountedLock)
        {
            due = _uncounted.Where(u => force || now - u.Value >= RefreshEvery).Select(u => u.Key).ToList();
            foreach (var study in due) _uncounted.Remove(study);
        }
        foreach (var study in due) await RecountAsync(study, cancellationToken);
    }

    public bool HasUncounted
    {
        get { lock (_uncountedLock) return _uncounted.Count > 0; }
    }

    private void MarkUncounted(string studyInstanceUid)
    {
        lock (_uncountedLock) _uncounted.TryAdd(studyInstanceUid, time.GetUtcNow());
    }

    // Write the study only when the batch changes what completion depends on: a new generation, a new sender, a
    // sender or an arrival time that a settle check would soon call stale.
    private bool NeedsArrival(StudyRecord current, IReadOnlyList<Guid?> senders, DateTimeOffset now)
    {
        if (current.State == StudyState.Complete) return true;
        var fresh = rules.SettleTime / 3 < RefreshEvery ? rules.SettleTime / 3 : RefreshEvery;
        foreach (var sender in senders)
        {
            if (sender is not { } id)
            {
                if (now - current.LastReceivedAt >= fresh) return true;
            }
            else if (current.Senders.FirstOrDefault(s => s.AssociationId == id) is not { } known || now - known.LastSeenAt >= fresh)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads, changes and writes a study with its version, again on a conflict; null from the change leaves it alone.</summary>
    public async Task<Stored<StudyRecord>?> UpdateStudyAsync(string studyInstanceUid, Func<StudyRecord?, StudyRecord?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = await Studies.GetAsync(studyInstanceUid, cancellationToken);
            var next = change(current?.Document);
            if (next is null || next == current?.Document) return current;
            try
            {
                await WriteStudyAsync(studyInstanceUid, next, current?.Version, cancellationToken);
                return new Stored<StudyRecord>(studyInstanceUid, (current?.Version ?? 0) + 1, next);
            }
            catch (Exception e) when (e is DuplicateDocumentException or ConcurrencyConflictException or DocumentNotFoundException)
            {
                // Another writer (a batch, a replica) changed the study between our read and write: decide again.
            }
        }
        throw new ConcurrencyConflictException("studies", studyInstanceUid, -1);
    }

    /// <summary>Inserts (no version) or replaces (at <paramref name="expectedVersion"/>) a study: one compare-and-swap write.</summary>
    public Task WriteStudyAsync(string studyInstanceUid, StudyRecord study, long? expectedVersion, CancellationToken cancellationToken) =>
        expectedVersion is { } version
            ? Studies.ReplaceAsync(studyInstanceUid, study, version, cancellationToken)
            : Studies.InsertAsync(studyInstanceUid, study, cancellationToken);

    public async Task DeleteStudyAsync(string studyInstanceUid, long expectedVersion, CancellationToken cancellationToken) =>
        await Studies.DeleteAsync(studyInstanceUid, expectedVersion, cancellationToken);

    /// <summary>Counts the study's series and instances from the index and stores what changed.</summary>
    public async Task RecountAsync(string studyInstanceUid, CancellationToken cancellationToken)
    {
        var series = await SeriesOfStudyAsync(studyInstanceUid, cancellationToken);
        var total = 0;
        foreach (var s in series)
        {
            var count = 0;
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var current = attempt == 0 ? s : await Series.GetAsync(s.Id, cancellationToken);
                if (current is null) break;
                count = (int)await Instances.CountAsync(DocumentFilter.Eq("seriesInstanceUid", s.Id), cancellationToken);
                if (count == current.Document.InstanceCount) break;
                try
                {
                    await Series.ReplaceAsync(s.Id, current.Document with { InstanceCount = count }, current.Version, cancellationToken);
                    break;
                }
                catch (ConcurrencyConflictException)
                {
                }
            }
            total += count;
        }

        var modalities = series.Select(s => s.Document.Modality).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await UpdateStudyAsync(studyInstanceUid, study =>
            study is null || (study.SeriesCount == series.Count && study.InstanceCount == total && study.Modalities.SequenceEqual(modalities, StringComparer.Ordinal))
                ? null
                : study with { SeriesCount = series.Count, InstanceCount = total, Modalities = modalities },
            cancellationToken);
    }

    private IngestOutcome Resend(InstanceRecord record, InstanceRecord existing)
    {
        if (existing.BlobSha256 == record.BlobSha256)
            return new IngestOutcome(IngestStatus.Stored, null, existing, IsNew: false);
        LogConflictingResend(record.CallingAeTitle, record.BlobSha256, existing.BlobSha256);
        return new IngestOutcome(IngestStatus.Stored, null, existing, IsNew: false, ConflictingResend: true);
    }

    [LoggerMessage(LogLevel.Information, "{Count} stored instances were replaced by resends with different bytes")]
    private partial void LogReplaced(int count);

    [LoggerMessage(LogLevel.Warning,
        "An instance was resent by {Caller} with different bytes ({NewSha256} vs stored {StoredSha256}); kept the first " +
        "(set FedBus:Ingestion:OverwriteInstances=true to replace)")]
    private partial void LogConflictingResend(string caller, string newSha256, string storedSha256);
}
