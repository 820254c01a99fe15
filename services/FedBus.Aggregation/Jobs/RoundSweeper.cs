using FedBus.Aggregation.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Aggregation.Jobs;

/// <summary>
/// Makes deadlines durable: every <see cref="AggregationOptions.SweepInterval"/> it applies the passed deadlines stored
/// with the rounds (the straggler deadline, the validation deadline) and starts the scheduled rounds that are due.
/// Nothing is kept in memory, so a restarted hub — or another replica — finds the same work.
/// </summary>
public sealed class RoundSweeper(
    AggregationStore store, RoundCommands commands, RoundSchedule schedule, AggregationSignal signal, AggregationOptions options,
    [FromKeyedServices(AggregationClock.Key)] TimeProvider time, ILogger<RoundSweeper> logger) : BackgroundService
{
    private readonly TaskCompletionSource firstSweep = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the first pass (which applies every deadline that passed while the hub was down).</summary>
    public Task FirstSweep => firstSweep.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var indexed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!indexed)
                {
                    await store.EnsureIndexesAsync(stoppingToken);
                    indexed = true;
                }
                await SweepOnceAsync(stoppingToken);
                firstSweep.TrySetResult();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AggregationLog.SweepFailed(logger, e, options.SweepInterval);
            }
            try
            {
                await Task.Delay(options.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

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
