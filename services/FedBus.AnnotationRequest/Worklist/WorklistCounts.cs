namespace FedBus.AnnotationRequest.Worklist;

/// <summary>How many of the listed tasks (all pages) are in each reader state, of each kind, and opened for each reason.</summary>
public sealed record WorklistCounts(
    IReadOnlyDictionary<string, int> ByReaderState, IReadOnlyDictionary<string, int> ByKind, IReadOnlyDictionary<string, int> ByReason);
