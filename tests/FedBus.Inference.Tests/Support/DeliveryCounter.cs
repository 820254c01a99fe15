using System.Collections.Concurrent;
using FedBus.Contracts;
using MassTransit;

namespace FedBus.Inference.Tests.Support;

/// <summary>Counts finished deliveries of StudyReceived per message id (redeliveries included): the positive signal that a repeat was handled.</summary>
public sealed class DeliveryCounter : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> finished = new();

    public int Finished(Guid messageId) => finished.GetValueOrDefault(messageId);

    public async Task WaitForAsync(Guid messageId, int deliveries, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Finished(messageId) < deliveries)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Finished(messageId)} of {deliveries} deliveries of {messageId} finished.");
            await Task.Delay(50);
        }
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is StudyReceived study) finished.AddOrUpdate(study.MessageId, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
