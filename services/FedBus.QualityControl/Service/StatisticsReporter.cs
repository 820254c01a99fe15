using FedBus.QualityControl.Statistics;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.QualityControl.Service;

/// <summary>
/// Reports SiteStatisticsReported for every model whose statistics changed and whose last report is at least
/// <see cref="QualityControlOptions.ReportInterval"/> old (reports after N verdicts go out with the verdict itself).
/// </summary>
public sealed class StatisticsReporter(QcStore store, QualityControlOptions options, FedBusOptions fedBus, TimeProvider time, ILogger<StatisticsReporter> logger)
{
    /// <summary>Stages the due reports; returns how many.</summary>
    public async Task<int> StageDueReportsAsync(UnitOfWork work, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = 0;
        foreach (var stored in await store.Statistics.FindAsync(DocumentFilter.Eq("changedSinceReport", true), cancellationToken: cancellationToken))
        {
            var record = stored.Document;
            if (record.LastReportAt is { } last && now - last < options.ReportInterval) continue;
            work.Publish(record.Report(fedBus.SiteId ?? "", options.MinimumCellCount, now));
            var reported = record.Reported(now);
            work.Replace(store.Statistics, stored.Id, reported, stored.Version);
            QcLog.StatisticsReported(logger, record.ModelId, reported.ReportSequence, reported.AcceptedCases, options.MinimumCellCount);
            due++;
        }
        return due;
    }
}
