using FedBus.AnnotationRequest.Tasks;
using FedBus.AnnotationRequest.Triage;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.AnnotationRequest.Persistence;

/// <summary>The service's collections in the site's document store and the queries it runs on them.</summary>
public sealed class AnnotationStore(IDocumentStore store)
{
    /// <summary>No query loads more than this many tasks; the budget keeps open and held tasks far below it.</summary>
    public const int QueryLimit = 5000;

    public IDocumentCollection<AnnotationTask> Tasks { get; } = store.Collection<AnnotationTask>("annotation_tasks");
    public IDocumentCollection<BudgetLedger> Ledgers { get; } = store.Collection<BudgetLedger>("annotation_budget");
    public IDocumentCollection<ReaderHistoryEntry> History { get; } = store.Collection<ReaderHistoryEntry>("annotation_history");

    private static readonly AnnotationTaskStatus[] Working = [AnnotationTaskStatus.Open, AnnotationTaskStatus.InProgress, AnnotationTaskStatus.AwaitingQc];

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        await Tasks.EnsureIndexAsync("status", cancellationToken);
        await Tasks.EnsureIndexAsync("nextDeadline", cancellationToken);
        await Tasks.EnsureIndexAsync("image.seriesInstanceUid", cancellationToken);
        await History.EnsureIndexAsync("readerId", cancellationToken);
    }

    public static string LedgerId(string modelId, string day) => $"{modelId}/{day}";

    public static ImagePosition PositionOf(AnnotationTask task) =>
        new(task.Image.SeriesInstanceUid, task.Image.SopInstanceUid, task.Image.Frame, task.Image.InstanceNumber);

    public static TriageCandidate CandidateOf(AnnotationTask task) =>
        new(task.TaskId, task.PredictionId, PositionOf(task), task.Value, task.ArrivedAt);

    public Task<Stored<AnnotationTask>?> GetAsync(Guid taskId, CancellationToken cancellationToken) =>
        Tasks.GetAsync(taskId.ToString(), cancellationToken);

    /// <summary>Held candidates of a model, most valuable first.</summary>
    public Task<IReadOnlyList<Stored<AnnotationTask>>> HeldAsync(string modelId, CancellationToken cancellationToken) =>
        Tasks.FindAsync(
            DocumentFilter.And(DocumentFilter.Eq("status", AnnotationTaskStatus.Held), DocumentFilter.Eq("modelId", modelId)),
            new FindOptions("value", Descending: true, Limit: QueryLimit), cancellationToken);

    /// <summary>The models that have held candidates.</summary>
    public async Task<IReadOnlyList<string>> ModelsWithHeldAsync(CancellationToken cancellationToken)
    {
        var held = await Tasks.FindAsync(DocumentFilter.Eq("status", AnnotationTaskStatus.Held), new FindOptions(Limit: QueryLimit), cancellationToken);
        return held.Select(h => h.Document.ModelId).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Where tasks of a model that did open (in any state but cancelled) sit in the given series.</summary>
    public async Task<IReadOnlyList<ImagePosition>> OpenedPositionsAsync(string modelId, IEnumerable<string> seriesUids, CancellationToken cancellationToken)
    {
        var series = seriesUids.Distinct(StringComparer.Ordinal).ToArray();
        if (series.Length == 0) return [];
        var found = await Tasks.FindAsync(
            DocumentFilter.And(DocumentFilter.In("image.seriesInstanceUid", series), DocumentFilter.Eq("modelId", modelId)),
            new FindOptions(Limit: QueryLimit), cancellationToken);
        return found.Select(f => f.Document)
            .Where(t => t.Status is not (AnnotationTaskStatus.Held or AnnotationTaskStatus.NotOpened or AnnotationTaskStatus.Cancelled))
            .Select(PositionOf)
            .ToArray();
    }

    /// <summary>Tasks whose earliest lease or return deadline has passed.</summary>
    public Task<IReadOnlyList<Stored<AnnotationTask>>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Tasks.FindAsync(DocumentFilter.Lte("nextDeadline", now), new FindOptions("nextDeadline", Limit: limit), cancellationToken);

    /// <summary>Open tasks (not closed, not held) matching the store-side filters, highest priority first.</summary>
    public async Task<IReadOnlyList<AnnotationTask>> WorkingAsync(Contracts.TaskKind? kind, string? studyInstanceUid, string? modelId, CancellationToken cancellationToken)
    {
        var filters = new List<DocumentFilter> { DocumentFilter.In("status", Working) };
        if (kind is { } k) filters.Add(DocumentFilter.Eq("task", k));
        if (!string.IsNullOrEmpty(studyInstanceUid)) filters.Add(DocumentFilter.Eq("image.studyInstanceUid", studyInstanceUid));
        if (!string.IsNullOrEmpty(modelId)) filters.Add(DocumentFilter.Eq("modelId", modelId));
        var found = await Tasks.FindAsync(DocumentFilter.And([.. filters]), new FindOptions("priority", Descending: true, Limit: QueryLimit), cancellationToken);
        return found.Select(f => f.Document).ToArray();
    }

    public async Task<(IReadOnlyList<ReaderHistoryEntry> Entries, long Total)> HistoryAsync(string readerId, int offset, int limit, CancellationToken cancellationToken)
    {
        var filter = DocumentFilter.Eq("readerId", readerId);
        var entries = await History.FindAsync(filter, new FindOptions("at", Descending: true, Skip: offset, Limit: limit), cancellationToken);
        return (entries.Select(e => e.Document).ToArray(), await History.CountAsync(filter, cancellationToken));
    }
}
