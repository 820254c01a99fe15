using FedBus.Contracts;
using MassTransit;

namespace FedBus.Training.Tests.Support;

public sealed class TrainingEventRecordingConsumer(TrainingEventRecorder recorder) :
    IConsumer<ModelUpdateSubmitted>, IConsumer<CandidateModelValidated>
{
    public Task Consume(ConsumeContext<ModelUpdateSubmitted> context) => Record(context.Message);

    public Task Consume(ConsumeContext<CandidateModelValidated> context) => Record(context.Message);

    private Task Record(IFedBusMessage message)
    {
        recorder.Add(message);
        return Task.CompletedTask;
    }
}
