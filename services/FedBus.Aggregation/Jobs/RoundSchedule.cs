using System.Globalization;
using FedBus.Aggregation.Persistence;
using FedBus.Aggregation.Rounds;
using FedBus.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Aggregation.Jobs;

/// <summary>
/// Starts the rounds configured in <see cref="AggregationOptions.AutoRounds"/> when they are due: an interval since the
/// model's last round started, and/or enough new accepted cases reported by the live sites since then. The command id
/// is derived from the model and its next round number, so two sweeps (or replicas) start the round once.
/// </summary>
public sealed class RoundSchedule(
    AggregationOptions options, AggregationStore store, SiteDirectory sites, RoundCommands commands,
    [FromKeyedServices(AggregationClock.Key)] TimeProvider time, ILogger<RoundSchedule> logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> lastRefusal = new(StringComparer.Ordinal);

    /// <summary>Starts every due round; returns the rounds started.</summary>
    public async Task<IReadOnlyList<TrainingRound>> StartDueAsync(CancellationToken cancellationToken)
    {
        var started = new List<TrainingRound>();
        foreach (var (modelId, auto) in options.AutoRounds)
        {
            var model = (await store.ModelAsync(modelId, cancellationToken))?.Document;
            if (model is null || model.ActiveRoundId is not null) continue;
            var now = time.GetUtcNow();
            string? why = null;
            var since = model.LastRoundStartedAt ?? model.CreatedAt;
            if (auto.Interval is { } interval && now - since >= interval)
                why = $"{interval} since the last round";
            else if (auto.NewAcceptedCases is { } threshold)
            {
                var fresh = await sites.NewAcceptedCasesAsync(modelId, model.LastRoundStartedAt, now, cancellationToken);
                if (fresh >= threshold) why = string.Create(CultureInfo.InvariantCulture, $"the sites report {fresh} new accepted case(s) (threshold {threshold})");
            }
            if (why is null) continue;

            var command = new StartTrainingRound(AggregationIds.ScheduledStart(modelId, model.RoundsStarted + 1), now, modelId, auto.ToSettings(), auto.Sites, "schedule");
            try
            {
                var (round, created) = await commands.StartAsync(command, cancellationToken);
                if (created)
                {
                    AggregationLog.ScheduledStart(logger, modelId, why);
                    started.Add(round);
                }
                lastRefusal.TryRemove(modelId, out _);
            }
            catch (RoundRefusedException e)
            {
                // Say it once, not every sweep: e.g. no live site yet.
                if (!lastRefusal.TryGetValue(modelId, out var last) || last != e.Message) AggregationLog.StartRefused(logger, modelId, e.Code, e.Message);
                lastRefusal[modelId] = e.Message;
            }
        }
        return started;
    }
}
