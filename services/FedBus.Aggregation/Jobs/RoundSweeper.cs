using FedBus.Aggregation.Persistence;
using FedBus.ServiceDefaults.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Aggregation.Jobs;

/// <summary>
/// Makes deadlines durable: every <see cref="AggregationOptions.SweepInterval"/> it applies the passed deadlines stored
/// with the rounds (the straggler deadline, the validation deadline) and starts the scheduled rounds that are due.
/// Nothing is kept in memory, so a restarted hub — or another replica — finds the same work.
/// </summary>
public sealed class RoundSweeper(
    AggregationStore store, RoundCommands commands, RoundSchedule schedule, AggregationSignal signal, AggregationOptions options,
    [FromKeyedServices(AggregationClock.Key)] TimeProvider time, ILogger<RoundSweeper> logger) : PeriodicSweep(time)
{
    protected override TimeSpan Interval => options.SweepInterval;

    protected override Task PrepareAsync(CancellationToken cancellationToken) => store.EnsureIndexesAsync(cancellationToken);

    protected override Task SweepAsync(CancellationToken cancellationToken) => SweepOnceAsync(cancellationToken);

    protected override void SweepFailed(Exception exception) => AggregationLog.SweepFailed(logger, exception, options.SweepInterval);

    /// <summary>One pass: passed deadlines, then due schedules. Returns (deadlines applied, rounds started).</summary>
    public async Task<(int Deadlines, int Started)> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var deadlines = await commands.SweepAsync(cancellationToken);
        var started = (await schedule.StartDueAsync(cancellationToken)).Count;
        if (deadlines > 0)
        {
            AggregationLog.Swept(logger, deadlines);
            signal.Wake();
        }
        return (deadlines, started);
    }
}
