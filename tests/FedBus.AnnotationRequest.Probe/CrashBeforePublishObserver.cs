using FedBus.Contracts;
using MassTransit;

namespace FedBus.AnnotationRequest.Probe;

/// <summary>Kills the process in the outbox dispatcher's publish of AnnotationTaskCreated, before the broker has it.</summary>
public sealed class CrashBeforePublishObserver(CrashBeforePublish crash) : IPublishObserver
{
    public Task PrePublish<T>(PublishContext<T> context) where T : class
    {
        if (crash.Enabled && context.Message is AnnotationTaskCreated created)
        {
            Console.WriteLine($"CRASHING before publishing AnnotationTaskCreated {created.TaskId} pid={Environment.ProcessId}");
            Console.Out.Flush();
            Environment.FailFast("annotation-request probe: crash before publish (test-requested)");
        }
        return Task.CompletedTask;
    }

    public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
