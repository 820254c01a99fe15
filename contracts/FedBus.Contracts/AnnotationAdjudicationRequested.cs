namespace FedBus.Contracts;

/// <summary>
/// QC found the independent reads of a double-read task in disagreement (agreement below its threshold): the task
/// needs one more reader, who has not read it yet, to settle it.
/// </summary>
public sealed record AnnotationAdjudicationRequested(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid TaskId,
    IReadOnlyList<string> ReaderIds,
    IReadOnlyList<MetricValue> Agreement,
    string Reason) : ISiteMessage;
