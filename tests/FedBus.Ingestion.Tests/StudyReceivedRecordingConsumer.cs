using FedBus.Contracts;
using MassTransit;

namespace FedBus.Ingestion.Tests;

public sealed class StudyReceivedRecordingConsumer(StudyReceivedRecorder recorder) : IConsumer<StudyReceived>
{
    public Task Consume(ConsumeContext<StudyReceived> context)
    {
        recorder.Add(context.Message);
        return Task.CompletedTask;
    }
}
