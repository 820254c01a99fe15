namespace FedBus.AnnotationRequest.Worklist;

/// <summary>One page of the reader's history, newest first.</summary>
public sealed record HistoryPage(IReadOnlyList<HistoryItem> Items, long Total, int Offset, int Limit);
