namespace FedBus.AppHost.Experiments;

/// <summary>What QC's rules did with one site's labels.</summary>
/// <param name="RejectedByReason">Rejected labels per QC reason code (a label may carry several).</param>
/// <param name="CaughtByCorruption">Corrupted labels QC rejected, per kind of corruption.</param>
/// <param name="MissedByCorruption">Corrupted labels QC let through, per kind.</param>
/// <param name="CleanRejected">Correct labels QC rejected (false alarms).</param>
internal sealed record QcOutcome(
    IReadOnlyList<SubmittedLabel> Accepted,
    IReadOnlyDictionary<string, int> RejectedByReason,
    IReadOnlyDictionary<string, int> CaughtByCorruption,
    IReadOnlyDictionary<string, int> MissedByCorruption,
    int CleanRejected);
