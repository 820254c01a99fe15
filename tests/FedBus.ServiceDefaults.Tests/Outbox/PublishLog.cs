using System.Collections.Concurrent;
using MassTransit;

namespace FedBus.ServiceDefaults.Tests.Outbox;

/// <summary>
/// Records the message ids the bus has published (after the transport accepted them), in order; while
/// <see cref="Broken"/> is set every publish fails, as with a broker that is down.
/// </summary>
public sealed class PublishLog : IPublishObserver
{
    public ConcurrentQueue<Guid> Published { get; } = new();

    public volatile bool Broken;

    /// <summary>Publishes that start while set never complete (a confirm that never comes), whatever their token says.</summary>
    public volatile bool Hanging;

    private readonly TaskCompletionSource _never = new();

    public Task PrePublish<T>(PublishContext<T> context) where T : class =>
        Broken ? throw new InvalidOperationException("test: the broker is down") : Hanging ? _never.Task : Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        if (context.MessageId is { } id) Published.Enqueue(id);
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
