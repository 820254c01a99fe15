using FedBus.Contracts;

namespace FedBus.AnnotationRequest.Tasks;

/// <summary>
/// One image a radiologist is (or may be) asked to label, as the document store keeps it (id = <see cref="TaskId"/>,
/// derived from the prediction, so one prediction can never make two tasks). Transitions live in
/// <see cref="TaskLifecycle"/>; this record is only its state.
/// </summary>
public sealed record AnnotationTask
{
    public required Guid TaskId { get; init; }
    public required string SiteId { get; init; }
    public required Guid PredictionId { get; init; }
    public required ImageRef Image { get; init; }
    public required TaskKind Task { get; init; }
    public required string ModelId { get; init; }
    public required int ModelVersion { get; init; }
    public required LabelSchema Labels { get; init; }
    public required string PrefillBlobSha256 { get; init; }
    public required string PrefillMediaType { get; init; }
    public required IReadOnlyList<QcFlag> OpenedBecause { get; init; }

    /// <summary>The codes of <see cref="OpenedBecause"/> (for filtering).</summary>
    public required IReadOnlyList<string> ReasonCodes { get; init; }

    public required double TriageScore { get; init; }

    /// <summary>Likelihood that the model is poor on the image (see TriageDecision.Value).</summary>
    public required double Value { get; init; }

    /// <summary>Worklist order, highest first: the expected value when the task opened.</summary>
    public double Priority { get; init; }

    public required bool IsAuditSample { get; init; }
    public required int RequiredReads { get; init; }
    public required AnnotationTaskStatus Status { get; init; }

    /// <summary>When the inference result arrived (a held candidate's age counts from here).</summary>
    public required DateTimeOffset ArrivedAt { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public IReadOnlyList<TaskRead> Reads { get; init; } = [];
    public IReadOnlyList<TaskSkip> Skips { get; init; } = [];

    /// <summary>Set when QC accepted the task.</summary>
    public Guid? CaseId { get; init; }

    /// <summary>QC's warnings at acceptance, its reasons for a withdrawal, or why the task was cancelled or never opened.</summary>
    public IReadOnlyList<QcFlag> Findings { get; init; } = [];

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The earliest lease or return deadline (DateTimeOffset.MaxValue: none); the sweep looks for passed ones.</summary>
    public DateTimeOffset NextDeadline { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>Counts transitions; event ids derive from it, so one transition always names its events the same way.</summary>
    public int Revision { get; init; }

    /// <summary>Ids of the bus messages (QC verdicts, adjudication requests) already applied to this task.</summary>
    public IReadOnlyList<Guid> AppliedMessages { get; init; } = [];

    public bool IsClosed => Status is AnnotationTaskStatus.Accepted or AnnotationTaskStatus.Withdrawn
        or AnnotationTaskStatus.Cancelled or AnnotationTaskStatus.NotOpened;

    public IEnumerable<TaskRead> ActiveReads => Reads.Where(r => r.IsActive);

    public TaskRead? ActiveReadOf(string readerId) =>
        Reads.FirstOrDefault(r => r.IsActive && string.Equals(r.ReaderId, readerId, StringComparison.Ordinal));

    /// <summary>The reader has submitted a read of this task, or skipped it: they may not take (another) read.</summary>
    public bool HasRead(string readerId) =>
        Reads.Any(r => string.Equals(r.ReaderId, readerId, StringComparison.Ordinal) && r.Submissions.Count > 0);

    public bool HasSkipped(string readerId) =>
        Skips.Any(s => string.Equals(s.ReaderId, readerId, StringComparison.Ordinal));

    public (TaskRead Read, TaskSubmission Submission)? FindSubmission(Guid submissionId)
    {
        foreach (var read in Reads)
            foreach (var s in read.Submissions)
                if (s.SubmissionId == submissionId) return (read, s);
        return null;
    }
}
