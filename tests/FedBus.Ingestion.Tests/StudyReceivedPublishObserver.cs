using FedBus.Contracts;
using MassTransit;

namespace FedBus.Ingestion.Tests;

/// <summary>Records each StudyReceived as the service publishes it, before its Publish call returns.</summary>
public sealed class StudyReceivedPublishObserver(StudyReceivedRecorder recorder) : IPublishObserver
{
    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        if (context.Message is StudyReceived received) recorder.AddPublished(received);
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
