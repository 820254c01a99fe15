using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation.Jobs;

/// <summary>What the aggregation job made of a round: a candidate with its registry record, or why there is none.</summary>
public sealed record CandidateBuild(RoundCandidate? Candidate, ModelVersion? Version, string? Blocker);
