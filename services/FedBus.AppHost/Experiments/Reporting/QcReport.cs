namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>QC's rules over the bad site's labels.</summary>
public sealed record QcReport(
    string Site,
    int Labels,
    int Corrupted,
    int Accepted,
    IReadOnlyDictionary<string, int> RejectedByReason,
    IReadOnlyDictionary<string, int> CaughtByCorruption,
    IReadOnlyDictionary<string, int> MissedByCorruption,
    int CleanRejected);
