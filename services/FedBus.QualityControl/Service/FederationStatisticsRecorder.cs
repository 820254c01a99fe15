using FedBus.Contracts;
using FedBus.QualityControl.Drift;
using FedBus.ServiceDefaults.Messaging.Outbox;

namespace FedBus.QualityControl.Service;

/// <summary>Keeps the newest federation statistics per model, and warns in the log when the site drifts from them.</summary>
public sealed class FederationStatisticsRecorder(QcStore store, QualityControlOptions options, ILogger<FederationStatisticsRecorder> logger)
{
    public async Task RecordAsync(FederationStatisticsPublished published, UnitOfWork work, CancellationToken cancellationToken)
    {
        var stored = await store.Federation.GetAsync(published.ModelId, cancellationToken);
        // Messages may arrive out of order: an older snapshot never replaces a newer one.
        if (stored is not null && stored.Document.OccurredAt >= published.OccurredAt) return;
        work.Put(store.Federation, published.ModelId, stored, published);
        QcLog.FederationStatistics(logger, published.ModelId, published.ReportingSites, published.AcceptedClassCounts.Sum(c => (long)c.Count));

        var site = await store.Statistics.GetAsync(published.ModelId, cancellationToken);
        var drift = ClassDistributionDrift.Assess(published.ModelId, site?.Document.AcceptedClassCounts ?? [], published, null, options.Drift);
        if (drift.Flag is { } flag) QcLog.Drift(logger, published.ModelId, flag.Message);
    }
}
