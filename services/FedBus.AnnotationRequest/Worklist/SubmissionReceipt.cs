namespace FedBus.AnnotationRequest.Worklist;

/// <summary>What a submission stored. <see cref="Replayed"/>: the same request (Idempotency-Key) had stored it already.</summary>
public sealed record SubmissionReceipt(
    Guid SubmissionId, Guid TaskId, int ReadNumber, int RequiredReads, string LabelBlobSha256, string LabelMediaType, string LabelUrl,
    DateTimeOffset SubmittedAt, string TaskStatus, bool Replayed);
