namespace FedBus.AnnotationRequest.Tasks;

/// <summary>
/// One of a task's required reads, held by one reader. <see cref="ReadNumber"/> (1..RequiredReads) is the lowest number
/// free when it was claimed; a resubmission keeps it.
/// </summary>
public sealed record TaskRead
{
    public required int ReadNumber { get; init; }
    public required string ReaderId { get; init; }
    public required ReadState State { get; init; }
    public required DateTimeOffset ClaimedAt { get; init; }

    /// <summary>Set while <see cref="ReadState.Claimed"/>: the claim lapses after it.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>Set once QC returned the read: if it is not resubmitted by then, another reader takes the slot.</summary>
    public DateTimeOffset? ReturnDeadline { get; init; }

    public IReadOnlyList<TaskSubmission> Submissions { get; init; } = [];

    public TaskSubmission? Latest => Submissions.Count == 0 ? null : Submissions[^1];

    /// <summary>Holds a slot of the task (everything but an abandoned read).</summary>
    public bool IsActive => State != ReadState.Abandoned;
}
