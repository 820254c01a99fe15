using FedBus.Contracts;
using MassTransit;

namespace FedBus.Inference.Tests.Support;

public sealed class SkippedRecordingConsumer(EventRecorder recorder) : IConsumer<InferenceSkipped>
{
    public Task Consume(ConsumeContext<InferenceSkipped> context)
    {
        recorder.Add(context.Message);
        return Task.CompletedTask;
    }
}
