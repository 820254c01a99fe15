using FedBus.Aggregation.Persistence;
using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Aggregation.Consumers;

/// <summary>
/// The StartTrainingRound command (from an ML engineer's tooling or another hub component): the round starts as over
/// HTTP; a start the hub cannot carry out (no such model, a round in progress, bad settings, too few sites) is
/// recorded with its reason (aggregation_refused_starts, GET /aggregation/refused-starts) instead.
/// </summary>
public sealed class StartTrainingRoundConsumer(
    RoundCommands commands, AggregationStore store, [FromKeyedServices(AggregationClock.Key)] TimeProvider time,
    MessageInbox inbox, TransactionalOutbox outbox, ILogger<StartTrainingRoundConsumer> logger)
    : IdempotentConsumer<StartTrainingRound>(inbox, outbox, logger)
{
    protected override async Task ConsumeOnce(ConsumeContext<StartTrainingRound> context, UnitOfWork work)
    {
        var command = context.Message;
        if (await store.RoundAsync(AggregationIds.Round(command.MessageId), work.CancellationToken) is not null) return;
        try
        {
            var round = await commands.StageStartAsync(command, work, work.CancellationToken);
            AggregationLog.RoundStarted(logger, round.RoundId, round.RoundNumber, round.ModelId, round.BaseVersion, round.InvitedSites.Count, round.Settings.Strategy.ToString());
        }
        catch (RoundRefusedException e)
        {
            AggregationLog.StartRefused(logger, command.ModelId ?? "", e.Code, e.Message);
            work.Insert(store.RefusedStarts, command.MessageId.ToString(),
                new RefusedStart(command.MessageId, command.ModelId ?? "", command.RequestedBy ?? "", e.Code, e.Message, time.GetUtcNow()));
        }
    }
}
