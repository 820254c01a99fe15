using FedBus.Contracts;
using MassTransit;

namespace FedBus.QualityControl.CrashProbe;

/// <summary>With --crash-before-accepted the process dies like a power cut when AnnotationAccepted is about to be published.</summary>
public sealed class CrashBeforeAcceptedObserver(CrashOptions options) : IPublishObserver
{
    public Task PrePublish<T>(PublishContext<T> context) where T : class
    {
        if (options.BeforeAccepted && context.Message is AnnotationAccepted accepted)
        {
            Console.WriteLine($"CRASHING before AnnotationAccepted {accepted.MessageId} pid={Environment.ProcessId}");
            Console.Out.Flush();
            Environment.FailFast("qc crash probe: crash before publishing AnnotationAccepted (test-requested)");
        }
        return Task.CompletedTask;
    }

    public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
