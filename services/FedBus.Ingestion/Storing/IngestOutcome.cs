using FedBus.Ingestion.Index;

namespace FedBus.Ingestion.Storing;

/// <summary>
/// The result of one instance: stored now, already stored earlier (identical resend, or a differing resend kept out
/// by policy), or rejected with a status and a reason. Only <see cref="IsNew"/> instances advance a study.
/// </summary>
public sealed record IngestOutcome(IngestStatus Status, string? Reason, InstanceRecord? Instance, bool IsNew, bool ConflictingResend = false)
{
    public bool Succeeded => Status == IngestStatus.Stored;

    public static IngestOutcome Rejected(IngestStatus status, string reason) => new(status, reason, null, false);

    /// <summary>Received whole and checked, on its way to the blob store and index (a C-STORE's answer).</summary>
    public static IngestOutcome Staged { get; } = new(IngestStatus.Stored, null, null, false);
}
