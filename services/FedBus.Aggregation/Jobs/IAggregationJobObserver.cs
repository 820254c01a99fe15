using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation.Jobs;

/// <summary>
/// Told when the aggregation job has built and stored a candidate, before it commits the round to validating — for
/// metrics, or a crash probe that dies at exactly that point to show a restarted hub resumes the job.
/// </summary>
public interface IAggregationJobObserver
{
    Task CandidateBuiltAsync(TrainingRound round, RoundCandidate candidate, CancellationToken cancellationToken);
}
