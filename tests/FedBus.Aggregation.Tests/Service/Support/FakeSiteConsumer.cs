using FedBus.Contracts;
using MassTransit;

namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>The scripted sites' side of the bus: they answer the rounds they are invited to and validate candidates.</summary>
public sealed class FakeSiteConsumer(FakeSites sites) : IConsumer<TrainingRoundStarted>, IConsumer<ValidateCandidateModel>
{
    public async Task Consume(ConsumeContext<TrainingRoundStarted> context)
    {
        foreach (var site in context.Message.InvitedSites)
            if (sites.Scripts.TryGetValue(site, out var script) && script.Trains)
                await context.Publish(await sites.UpdateAsync(context.Message, site));
    }

    public async Task Consume(ConsumeContext<ValidateCandidateModel> context)
    {
        foreach (var site in context.Message.Sites)
            if (sites.Scripts.TryGetValue(site, out var script) && script.Validates)
            {
                await sites.ResolveAsync(context.Message.CandidateWeights);
                await context.Publish(sites.Validation(context.Message, site));
            }
    }
}
