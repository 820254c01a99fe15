using System.Collections.Concurrent;

namespace FedBus.ServiceDefaults.Tests.Messaging;

/// <summary>What a test consumer did, so the test can count attempts, applications and skips.</summary>
public sealed class EffectLog
{
    public ConcurrentQueue<Guid> Attempts { get; } = new();
    public ConcurrentQueue<Guid> Applied { get; } = new();
    public ConcurrentQueue<Guid> Skipped { get; } = new();

    public async Task WaitForAsync(Func<EffectLog, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"Condition not met in {timeout.TotalSeconds} s: attempts {Attempts.Count}, applied {Applied.Count}, skipped {Skipped.Count}.");
            await Task.Delay(20);
        }
    }
}
