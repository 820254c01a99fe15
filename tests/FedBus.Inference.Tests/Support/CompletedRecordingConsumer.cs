using FedBus.Contracts;
using MassTransit;

namespace FedBus.Inference.Tests.Support;

public sealed class CompletedRecordingConsumer(EventRecorder recorder) : IConsumer<InferenceCompleted>
{
    public Task Consume(ConsumeContext<InferenceCompleted> context)
    {
        recorder.Add(context.Message);
        return Task.CompletedTask;
    }
}
