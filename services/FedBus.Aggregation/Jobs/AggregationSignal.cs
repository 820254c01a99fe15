namespace FedBus.Aggregation.Jobs;

/// <summary>Tells the aggregation job that a round may be waiting (it also looks by itself every sweep interval).</summary>
public sealed class AggregationSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one pass finds every waiting round.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
