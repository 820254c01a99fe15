namespace FedBus.Aggregation.Rounds;

/// <summary>A participant's scores of the candidate and of the current model on its own validation pool.</summary>
public sealed record ValidationRecord(
    string SiteId,
    Guid MessageId,
    int ValidationCases,
    IReadOnlyList<ReportedMetric> CandidateMetrics,
    IReadOnlyList<ReportedMetric> CurrentMetrics,
    DateTimeOffset At);
