using Microsoft.Extensions.Hosting;

namespace FedBus.ServiceDefaults.Hosting;

/// <summary>
/// Durable periodic work (deadlines, schedules, retention) read from the store on every pass, so a restarted process —
/// or another replica — finds the same work. A pass that fails is logged and the next one tries again; preparation (e.g.
/// index builds) is retried until it succeeds, since a sweep without its indexes would scan whole collections.
/// </summary>
public abstract class PeriodicSweep(TimeProvider time) : BackgroundService
{
    private readonly TaskCompletionSource _firstSweep = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the first pass (which applies every deadline that passed while the process was down).</summary>
    public Task FirstSweep => _firstSweep.Task;

    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    /// <summary>Runs once before the first pass.</summary>
    protected virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract Task SweepAsync(CancellationToken cancellationToken);

    protected abstract void SweepFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var prepared = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!prepared)
                {
                    await PrepareAsync(stoppingToken);
                    prepared = true;
                }
                await SweepAsync(stoppingToken);
                _firstSweep.TrySetResult();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SweepFailed(e);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await Task.Delay(Interval, Time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
