using MassTransit;

namespace FedBus.BusProbe;

/// <summary>
/// With --crash-before-publish the process dies when the outbox dispatcher is about to publish (the event is committed,
/// the broker has not seen it); with --crash-after-publish, once the broker confirmed it but before the entry is marked
/// sent (so the event will be published again).
/// </summary>
public sealed class CrashAroundPublishObserver(ProbeOptions options) : IPublishObserver
{
    public Task PrePublish<T>(PublishContext<T> context) where T : class
    {
        if (options.CrashBeforePublish) Crash("before publish", context.MessageId);
        return Task.CompletedTask;
    }

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        if (options.CrashAfterPublish) Crash("after publish", context.MessageId);
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    private static void Crash(string when, Guid? messageId)
    {
        ProbeOutput.Line($"CRASHING {when} {messageId} pid={Environment.ProcessId}");
        Environment.FailFast($"bus-probe: crash {when} (test-requested)");
    }
}
