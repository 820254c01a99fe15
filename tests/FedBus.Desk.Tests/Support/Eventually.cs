namespace FedBus.Desk.Tests.Support;

/// <summary>Waits for a condition the system reaches on its own (a consumer ran, QC decided), with a generous bound.</summary>
public static class Eventually
{
    public static async Task Async(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited in vain for {what}.");
            await Task.Delay(50);
        }
    }
}
