using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;
using FedBus.Aggregation.Weights;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Aggregation.Persistence;

/// <summary>The hub's collections in its document store and the queries it runs on them.</summary>
public sealed class AggregationStore(IDocumentStore store)
{
    /// <summary>No query loads more than this many documents.</summary>
    public const int QueryLimit = 1000;

    public IDocumentCollection<ModelRecord> Models { get; } = store.Collection<ModelRecord>("aggregation_models");
    public IDocumentCollection<ModelVersion> Versions { get; } = store.Collection<ModelVersion>("aggregation_versions");
    public IDocumentCollection<TrainingRound> Rounds { get; } = store.Collection<TrainingRound>("aggregation_rounds");
    public IDocumentCollection<SiteRecord> Sites { get; } = store.Collection<SiteRecord>("aggregation_sites");
    public IDocumentCollection<StrayUpdate> StrayUpdates { get; } = store.Collection<StrayUpdate>("aggregation_stray_updates");
    public IDocumentCollection<RefusedStart> RefusedStarts { get; } = store.Collection<RefusedStart>("aggregation_refused_starts");
    public IDocumentCollection<WeightUpload> WeightUploads { get; } = store.Collection<WeightUpload>("aggregation_weight_uploads");

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        await Rounds.EnsureIndexAsync("state", cancellationToken);
        await Rounds.EnsureIndexAsync("nextDeadline", cancellationToken);
        await Rounds.EnsureIndexAsync("modelId", cancellationToken);
        await Versions.EnsureIndexAsync("modelId", cancellationToken);
    }

    public Task<Stored<ModelRecord>?> ModelAsync(string modelId, CancellationToken cancellationToken) => Models.GetAsync(modelId, cancellationToken);

    public Task<Stored<TrainingRound>?> RoundAsync(Guid roundId, CancellationToken cancellationToken) => Rounds.GetAsync(roundId.ToString(), cancellationToken);

    public Task<Stored<ModelVersion>?> VersionAsync(string modelId, int version, CancellationToken cancellationToken) =>
        Versions.GetAsync(ModelVersion.IdOf(modelId, version), cancellationToken);

    public async Task<IReadOnlyList<ModelRecord>> ModelsAsync(CancellationToken cancellationToken) =>
        [.. (await Models.FindAsync(DocumentFilter.All, new FindOptions(Limit: QueryLimit), cancellationToken)).Select(m => m.Document)];

    public async Task<IReadOnlyList<ModelVersion>> VersionsAsync(string modelId, CancellationToken cancellationToken) =>
        [.. (await Versions.FindAsync(DocumentFilter.Eq("modelId", modelId), new FindOptions("version", Limit: QueryLimit), cancellationToken)).Select(v => v.Document)];

    /// <summary>Rounds whose stored deadline has passed (collecting or validating).</summary>
    public Task<IReadOnlyList<Stored<TrainingRound>>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Rounds.FindAsync(DocumentFilter.Lte("nextDeadline", now), new FindOptions("nextDeadline", Limit: QueryLimit), cancellationToken);

    /// <summary>Rounds waiting for (or in the middle of) their aggregation job.</summary>
    public Task<IReadOnlyList<Stored<TrainingRound>>> AggregatingAsync(CancellationToken cancellationToken) =>
        Rounds.FindAsync(DocumentFilter.Eq("state", RoundState.Aggregating), new FindOptions("startedAt", Limit: QueryLimit), cancellationToken);

    /// <summary>Rounds, newest first, optionally of one model and/or in one state.</summary>
    public async Task<IReadOnlyList<TrainingRound>> RoundsAsync(string? modelId, RoundState? state, int skip, int limit, CancellationToken cancellationToken)
    {
        var filters = new List<DocumentFilter>();
        if (!string.IsNullOrEmpty(modelId)) filters.Add(DocumentFilter.Eq("modelId", modelId));
        if (state is { } s) filters.Add(DocumentFilter.Eq("state", s));
        var filter = filters.Count == 0 ? DocumentFilter.All : DocumentFilter.And([.. filters]);
        return [.. (await Rounds.FindAsync(filter, new FindOptions("startedAt", Descending: true, Skip: skip, Limit: limit), cancellationToken)).Select(r => r.Document)];
    }

    /// <summary>Records that <paramref name="site"/> uploaded <paramref name="sha256"/> (again: no change).</summary>
    public async Task RecordUploadAsync(string sha256, string site, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Two sites may upload the same bytes at once: a lost race is retried on the winner's document.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = await WeightUploads.GetAsync(sha256, cancellationToken);
                if (stored is null) await WeightUploads.InsertAsync(sha256, new WeightUpload(sha256, [site], now), cancellationToken);
                else if (!stored.Document.Sites.Contains(site, StringComparer.Ordinal))
                    await WeightUploads.ReplaceAsync(sha256, stored.Document with { Sites = [.. stored.Document.Sites, site] }, stored.Version, cancellationToken);
                return;
            }
            catch (Exception e) when (e is DuplicateDocumentException or ConcurrencyConflictException && attempt < 5)
            {
            }
        }
    }

    public async Task<bool> UploadedByAsync(string sha256, string site, CancellationToken cancellationToken) =>
        (await WeightUploads.GetAsync(sha256, cancellationToken))?.Document.Sites.Contains(site, StringComparer.Ordinal) == true;

    public async Task<IReadOnlyList<SiteRecord>> SitesAsync(CancellationToken cancellationToken) =>
        [.. (await Sites.FindAsync(DocumentFilter.All, new FindOptions(Limit: QueryLimit), cancellationToken)).Select(s => s.Document)];
}
