using FedBus.Training.Storage;

namespace FedBus.Training.Dataset;

/// <summary>
/// The site's validation fraction, fixed in the store at the first use and read from there ever after, so a changed
/// setting never moves a training case into validation (CaseSplit is stable only for a fixed fraction).
/// </summary>
public sealed partial class SiteSplit(TrainingStore store, TrainingServiceOptions options, TimeProvider time, ILogger<SiteSplit> logger)
{
    private const string Key = "split";
    private readonly SemaphoreSlim _gate = new(1, 1);
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

    public async Task<bool> IsValidationAsync(Guid caseId, CancellationToken cancellationToken) =>
        Learning.Training.CaseSplit.IsValidation(TrainingIds.SplitKey(caseId), await FractionAsync(cancellationToken));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site's validation fraction is fixed at {Fixed}; the configured {Configured} is ignored so that no training case moves into validation")]
    private static partial void FractionKept(ILogger logger, double @fixed, double configured);
}
