using FedBus.ServiceDefaults.Messaging.Outbox;

namespace FedBus.QualityControl.Service;

/// <summary>Runs <see cref="StatisticsReporter"/> on a timer (a tenth of the report interval, at most a minute apart).</summary>
public sealed class StatisticsReportService(
    StatisticsReporter reporter, TransactionalOutbox outbox, QualityControlOptions options, TimeProvider time, ILogger<StatisticsReportService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = TimeSpan.FromTicks(Math.Clamp(options.ReportInterval.Ticks / 10, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var work = outbox.Begin(stoppingToken);
            try
            {
                if (await reporter.StageDueReportsAsync(work, stoppingToken) > 0)
                    await outbox.CommitAsync(work, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // E.g. a verdict changed the statistics meanwhile (a version conflict): the next tick reports them.
                QcLog.StatisticsReportFailed(logger, e);
            }
        }
    }
}
