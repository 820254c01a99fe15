namespace FedBus.QualityControl.Api;

/// <summary>
/// One reader for one model: verdicts, rejections by code, and agreement with the outcome of multi-read tasks over all
/// time and over the recent window; <see cref="SystematicallyOff"/> when the recent mean is below the threshold.
/// </summary>
public sealed record ReaderAgreementView(
    string ReaderId,
    string ModelId,
    long Reviewed,
    long Rejected,
    IReadOnlyDictionary<string, long> FindingCounts,
    long Comparisons,
    double? MeanAgreement,
    int RecentComparisons,
    double? RecentMeanAgreement,
    bool SystematicallyOff);
