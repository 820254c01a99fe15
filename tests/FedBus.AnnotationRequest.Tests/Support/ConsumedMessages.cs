using System.Collections.Concurrent;
using MassTransit;

namespace FedBus.AnnotationRequest.Tests.Support;

/// <summary>
/// Counts finished deliveries per message id (any consumer, success or fault), so a test can wait for a redelivery to
/// have been handled — a positive signal — before it checks that the redelivery changed nothing.
/// </summary>
public sealed class ConsumedMessages : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _done = new();
    private readonly SemaphoreSlim _signal = new(0);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Done(context);

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Done(context);

    public int Count(Guid messageId) => _done.GetValueOrDefault(messageId);

    public async Task WaitAsync(Guid messageId, int deliveries, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (_done.GetValueOrDefault(messageId) < deliveries)
        {
            try
            {
                await _signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Message {messageId} was handled {_done.GetValueOrDefault(messageId)} time(s), expected {deliveries}.");
            }
        }
    }

    private Task Done<T>(ConsumeContext<T> context) where T : class
    {
        if (context.MessageId is { } id) _done.AddOrUpdate(id, 1, (_, n) => n + 1);
        _signal.Release();
        return Task.CompletedTask;
    }
}
