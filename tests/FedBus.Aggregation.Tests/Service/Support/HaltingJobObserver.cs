using FedBus.Aggregation.Jobs;
using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>Holds the aggregation job after it built a candidate and before it commits, until the host stops: a hub that dies mid-job.</summary>
public sealed class HaltingJobObserver : IAggregationJobObserver
{
    private readonly TaskCompletionSource<Guid> reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The round whose job is held.</summary>
    public Task<Guid> Reached => reached.Task;

    public async Task CandidateBuiltAsync(TrainingRound round, RoundCandidate candidate, CancellationToken cancellationToken)
    {
        reached.TrySetResult(round.RoundId);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
