using FedBus.ServiceDefaults.Federation.Weights;
using FedBus.Aggregation.Persistence;
using FedBus.Aggregation.Weights;

namespace FedBus.Aggregation.Jobs;

/// <summary>
/// The aggregation job: off the message thread, one round at a time, it builds the candidate of every round the store
/// shows aggregating — woken when a round gets there, and looking by itself every sweep interval, so a round left
/// aggregating by a crash is built after the restart. The commit names the versions it read: if the round changed
/// meanwhile (aborted, or another replica was faster) it decides again.
/// </summary>
public sealed class AggregationWorker(
    AggregationStore store, CandidateBuilder builder, RoundCommands commands, AggregationSignal signal, AggregationOptions options,
    IEnumerable<IAggregationJobObserver> observers, ILogger<AggregationWorker> logger) : BackgroundService
{
    private const int Attempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunOnceAsync(stoppingToken);
            try
            {
                await signal.WaitAsync(options.SweepInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Builds the candidate of every aggregating round; returns how many rounds it moved on.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        IReadOnlyList<Guid> waiting;
        try
        {
            waiting = [.. (await store.AggregatingAsync(cancellationToken)).Select(r => r.Document.RoundId)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            AggregationLog.AggregationFailed(logger, e, Guid.Empty, options.SweepInterval);
            return 0;
        }
        foreach (var roundId in waiting)
        {
            try
            {
                if (await BuildAsync(roundId, cancellationToken)) done++;
            }
            catch (Exception e) when (e is InvalidDataException or WeightsUnavailableException)
            {
                // Stored data the round depends on is unreadable: trying again cannot help.
                await commands.AbortAsync(roundId, $"the aggregation could not read what the round needs: {e.Message}", cancellationToken);
                done++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AggregationLog.AggregationFailed(logger, e, roundId, options.SweepInterval);
            }
        }
        return done;
    }

    private async Task<bool> BuildAsync(Guid roundId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var round = await store.RoundAsync(roundId, cancellationToken);
            if (round is null || round.Document.State != Rounds.RoundState.Aggregating) return false;
            var model = await store.ModelAsync(round.Document.ModelId, cancellationToken)
                ?? throw new InvalidDataException($"Round {roundId} belongs to model '{round.Document.ModelId}', which the registry does not have.");
            var build = await builder.BuildAsync(round, model, cancellationToken);
            if (build.Blocker is { } blocker)
            {
                await commands.BlockedAsync(roundId, blocker, cancellationToken);
                return true;
            }
            foreach (var observer in observers) await observer.CandidateBuiltAsync(round.Document, build.Candidate!, cancellationToken);
            if (await commands.CandidateBuiltAsync(round, model, build.Candidate!, build.Version!, cancellationToken)) return true;
        }
        return false;
    }
}
