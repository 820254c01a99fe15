using FedBus.Contracts;

namespace FedBus.Training.Jobs;

/// <summary>
/// A durable job recorded by a consumer and run by the site's job worker, off the message thread. Its id derives from the
/// round (and candidate) and the site, so every copy of the message names the same job. While Running it holds a lease
/// its worker renews; a job whose lease lapsed (its process died) is run again if its deadline allows, else abandoned.
/// </summary>
/// <param name="Weights">Base weights (Round) or candidate weights (Validation), without inline bytes: those are in the blob store.</param>
/// <param name="Settings">The round's settings (Round jobs only).</param>
/// <param name="CopiesSeen">MessageIds of every copy of the causing message that arrived (a republished round adds one).</param>
public sealed record TrainingJob(
    string JobId,
    JobKind Kind,
    Guid RoundId,
    int RoundNumber,
    string ModelId,
    string ArchitectureId,
    TaskKind Task,
    LabelSchema? Labels,
    int BaseModelVersion,
    int? CandidateVersion,
    ModelWeights Weights,
    RoundSettings? Settings,
    DateTimeOffset Deadline,
    JobState State,
    int Attempts,
    string? Owner,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset? NotBefore,
    DateTimeOffset RecordedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Reason,
    IReadOnlyList<MetricValue> Metrics,
    Guid? ResultMessageId,
    IReadOnlyList<Guid> CopiesSeen);
