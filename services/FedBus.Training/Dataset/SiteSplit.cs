using FedBus.Training.Storage;

namespace FedBus.Training.Dataset;

/// <summary>
/// Which pool a new case joins, decided once at intake and stored with the case. The hash of its id decides
/// (CaseSplit), with one exception: a model whose pool still holds no active validation case takes the case that makes
/// 1/fraction cases (the 5th at 0.2) into validation, so a small site can still be validated and invited to rounds; by
/// the hash alone, 8 cases at 0.2 leave the pool empty one time in six. Replicas decide on their own, so two of them
/// may each fill an empty pool: a validation case too many, never a moved one. The fraction is fixed in the store at the
/// first use and read from there ever after, so a changed setting never moves a training case into validation.
/// </summary>
public sealed partial class SiteSplit(TrainingStore store, TrainingServiceOptions options, TimeProvider time, ILogger<SiteSplit> logger)
{
    private const string Key = "split";
    /// <summary>How long a decided case counts before it is in the store; longer means its intake failed and is redelivered.</summary>
    private static readonly TimeSpan PendingFor = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _decide = new(1, 1);
    private readonly Dictionary<string, List<PendingCase>> _pending = new(StringComparer.Ordinal);
    private double? _fraction;

    public async Task<double> FractionAsync(CancellationToken cancellationToken)
    {
        if (_fraction is { } known) return known;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_fraction is { } again) return again;
            var stored = await store.Settings.GetAsync(Key, cancellationToken);
            if (stored is null)
            {
                try
                {
                    await store.Settings.InsertAsync(Key, new SplitSettings(options.ValidationFraction, time.GetUtcNow()), cancellationToken);
                }
                catch (DuplicateDocumentException)
                {
                    // Another replica fixed it first: use theirs.
                }
                stored = await store.Settings.GetAsync(Key, cancellationToken);
            }
            var fraction = stored!.Document.ValidationFraction;
            if (Math.Abs(fraction - options.ValidationFraction) > 1e-12) FractionKept(logger, fraction, options.ValidationFraction);
            _fraction = fraction;
            return fraction;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> IsValidationAsync(string modelId, Guid caseId, CancellationToken cancellationToken)
    {
        var fraction = await FractionAsync(cancellationToken);
        var byHash = Learning.Training.CaseSplit.IsValidation(TrainingIds.SplitKey(caseId), fraction);
        await _decide.WaitAsync(cancellationToken);
        try
        {
            // Cases decided here but not yet committed count too: accepted labels arrive in bursts, taken in concurrently.
            if (!_pending.TryGetValue(modelId, out var pending)) _pending[modelId] = pending = [];
            var now = time.GetUtcNow();
            var kept = new List<PendingCase>(pending.Count);
            foreach (var p in pending)
                if (now - p.DecidedAt < PendingFor && await store.Cases.GetAsync(TrainingIds.CaseKey(p.CaseId), cancellationToken) is null) kept.Add(p);
            pending.Clear();
            pending.AddRange(kept);
            if (pending.FirstOrDefault(p => p.CaseId == caseId) is { } again) return again.IsValidation;

            var validation = byHash;
            if (!validation)
            {
                var active = DocumentFilter.And(DocumentFilter.Eq("modelId", modelId), DocumentFilter.Eq("state", CaseState.Active));
                var pooled = await store.Cases.CountAsync(DocumentFilter.And(active, DocumentFilter.Eq("isValidation", true)), cancellationToken) + pending.Count(p => p.IsValidation);
                validation = pooled == 0 && await store.Cases.CountAsync(active, cancellationToken) + pending.Count + 1 >= FirstValidationAt(fraction);
            }
            pending.Add(new PendingCase(caseId, validation, now));
            return validation;
        }
        finally
        {
            _decide.Release();
        }
    }

    /// <summary>A decided case that will not be stored (a seed refused as unusable) no longer counts toward the pool.</summary>
    public async Task ForgetAsync(string modelId, Guid caseId, CancellationToken cancellationToken)
    {
        await _decide.WaitAsync(cancellationToken);
        try
        {
            if (_pending.TryGetValue(modelId, out var pending)) pending.RemoveAll(p => p.CaseId == caseId);
        }
        finally
        {
            _decide.Release();
        }
    }

    /// <summary>The count of active cases at which a pool that the hash left without validation takes its first one.</summary>
    public static long FirstValidationAt(double fraction) => (long)Math.Ceiling(1 / fraction - 1e-9);

    private sealed record PendingCase(Guid CaseId, bool IsValidation, DateTimeOffset DecidedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site's validation fraction is fixed at {Fixed}; the configured {Configured} is ignored so that no training case moves into validation")]
    private static partial void FractionKept(ILogger logger, double @fixed, double configured);
}
