using FedBus.Testing;
using FedBus.Contracts;
using MassTransit;

namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>Subscribes to everything the hub publishes (as the sites' link would).</summary>
public sealed class EventRecorder(PublishedEvents events) :
    IConsumer<TrainingRoundStarted>, IConsumer<ValidateCandidateModel>, IConsumer<GlobalModelPublished>, IConsumer<GlobalModelReverted>,
    IConsumer<CandidateModelRejected>, IConsumer<TrainingRoundClosed>, IConsumer<FederationStatisticsPublished>
{
    public Task Consume(ConsumeContext<TrainingRoundStarted> context) => Record(context.Message);
    public Task Consume(ConsumeContext<ValidateCandidateModel> context) => Record(context.Message);
    public Task Consume(ConsumeContext<GlobalModelPublished> context) => Record(context.Message);
    public Task Consume(ConsumeContext<GlobalModelReverted> context) => Record(context.Message);
    public Task Consume(ConsumeContext<CandidateModelRejected> context) => Record(context.Message);
    public Task Consume(ConsumeContext<TrainingRoundClosed> context) => Record(context.Message);
    public Task Consume(ConsumeContext<FederationStatisticsPublished> context) => Record(context.Message);

    private Task Record(IFedBusMessage message)
    {
        events.Add(message);
        return Task.CompletedTask;
    }
}
