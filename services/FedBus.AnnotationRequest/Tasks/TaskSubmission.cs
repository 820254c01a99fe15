using FedBus.Contracts;

namespace FedBus.AnnotationRequest.Tasks;

/// <summary>One label a reader sent for a read, and what QC said about it.</summary>
public sealed record TaskSubmission
{
    public required Guid SubmissionId { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public required string LabelBlobSha256 { get; init; }
    public required string LabelMediaType { get; init; }
    public SubmissionVerdict Verdict { get; init; } = SubmissionVerdict.Pending;
    public IReadOnlyList<QcFlag> Reasons { get; init; } = [];
    public DateTimeOffset? VerdictAt { get; init; }
}
