namespace FedBus.AnnotationRequest.Worklist;

/// <summary>The calling reader's read of a task ("claimed", "submitted", "returned", "abandoned").</summary>
public sealed record ReadView(int ReadNumber, string State, DateTimeOffset? LeaseUntil, DateTimeOffset? ReturnDeadline, IReadOnlyList<SubmissionView> Submissions);
