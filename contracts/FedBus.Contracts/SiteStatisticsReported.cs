namespace FedBus.Contracts;

/// <summary>Aggregate counts a site shares with the hub: no case-level data. Crosses site → hub.</summary>
public sealed record SiteStatisticsReported(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    string ModelId,
    int StudiesReceived,
    int InferencesRun,
    int AnnotationTasksOpened,
    int AnnotationsAccepted,
    int AnnotationsRejected,
    double MeanTriageScore,
    IReadOnlyList<ClassCount> AcceptedClassCounts) : ISiteMessage;
