using FedBus.Testing;
using FedBus.Contracts;
using MassTransit;

namespace FedBus.AnnotationRequest.Tests.Support;

/// <summary>Subscribes to everything annotation-request publishes (a test-only consumer, like QC's would be).</summary>
public sealed class EventRecorder(PublishedEvents events) :
    IConsumer<AnnotationTaskCreated>, IConsumer<AnnotationSubmitted>, IConsumer<AnnotationTaskExpired>,
    IConsumer<AnnotationTaskSkipped>, IConsumer<AnnotationTaskCancelled>
{
    public Task Consume(ConsumeContext<AnnotationTaskCreated> context) => Record(context.Message);
    public Task Consume(ConsumeContext<AnnotationSubmitted> context) => Record(context.Message);
    public Task Consume(ConsumeContext<AnnotationTaskExpired> context) => Record(context.Message);
    public Task Consume(ConsumeContext<AnnotationTaskSkipped> context) => Record(context.Message);
    public Task Consume(ConsumeContext<AnnotationTaskCancelled> context) => Record(context.Message);

    private Task Record(IFedBusMessage message)
    {
        events.Add(message);
        return Task.CompletedTask;
    }
}
