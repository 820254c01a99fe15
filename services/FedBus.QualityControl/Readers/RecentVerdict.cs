namespace FedBus.QualityControl.Readers;

/// <summary>One of a reader's recent verdicts, as far as later rules need it.</summary>
public sealed record RecentVerdict(Guid SubmissionId, bool Rejected, IReadOnlyList<string> Codes, DateTimeOffset At);
