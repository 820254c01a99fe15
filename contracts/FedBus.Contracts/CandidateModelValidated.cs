namespace FedBus.Contracts;

/// <summary>A site's score of a candidate model and of the current one on its validation pool. Crosses site → hub.</summary>
public sealed record CandidateModelValidated(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid RoundId,
    string ModelId,
    int CandidateVersion,
    int CurrentVersion,
    int ValidationCases,
    IReadOnlyList<MetricValue> CandidateMetrics,
    IReadOnlyList<MetricValue> CurrentMetrics) : ISiteMessage;
