using FedBus.QualityControl.Statistics;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.QualityControl.Service;

/// <summary>
/// Folds the site's new activity (studies, opened tasks) into the statistics, then reports SiteStatisticsReported for
/// every model whose statistics changed and whose last report is at least <see cref="QualityControlOptions.ReportInterval"/>
/// old (reports after N verdicts go out with the verdict itself).
/// </summary>
public sealed class StatisticsReporter(
    QcStore store, SiteActivityRecorder activity, QualityControlOptions options, FedBusOptions fedBus, TimeProvider time, ILogger<StatisticsReporter> logger)
{
    /// <summary>Stages the fold and the due reports; returns how many records it writes (0: nothing to commit).</summary>
    public async Task<int> StageDueReportsAsync(UnitOfWork work, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var folded = await activity.StageFoldAsync(work, cancellationToken);
        var changed = (await store.Statistics.FindAsync(DocumentFilter.Eq("changedSinceReport", true), cancellationToken: cancellationToken))
            .Where(s => !folded.ContainsKey(s.Id))
            .Select(s => (Id: s.Id, Stored: (Stored<SiteStatisticsRecord>?)s, Record: s.Document, Folded: false))
            .Concat(folded.Select(f => (Id: f.Key, f.Value.Stored, f.Value.Record, Folded: true)))
            .ToList();
        var writes = 0;
        foreach (var (id, stored, record, wasFolded) in changed)
        {
            var final = record;
            if (record.LastReportAt is not { } last || now - last >= options.ReportInterval)
            {
                work.Publish(record.Report(fedBus.SiteId ?? "", options.MinimumCellCount, now));
                final = record.Reported(now);
                QcLog.StatisticsReported(logger, record.ModelId, final.ReportSequence, final.AcceptedCases, options.MinimumCellCount);
            }
            else if (!wasFolded) continue;
            work.Put(store.Statistics, id, stored, final);
            writes++;
        }
        return writes;
    }
}
