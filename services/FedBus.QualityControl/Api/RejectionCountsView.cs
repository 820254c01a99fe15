namespace FedBus.QualityControl.Api;

/// <summary>Verdicts and rejections by reason code (a rejection with two reasons counts once in each), per model and in all.</summary>
public sealed record RejectionCountsView(
    string? ModelId,
    long Reviewed,
    long Rejected,
    IReadOnlyDictionary<string, long> RejectedByReason,
    IReadOnlyDictionary<string, long> WarningsByReason);
