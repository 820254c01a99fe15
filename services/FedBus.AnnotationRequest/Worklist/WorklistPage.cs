namespace FedBus.AnnotationRequest.Worklist;

/// <summary>One page of the reader's worklist, highest priority first, with the total and the counts of all pages.</summary>
public sealed record WorklistPage(IReadOnlyList<WorklistItem> Items, int Total, int Offset, int Limit, WorklistCounts Counts);
