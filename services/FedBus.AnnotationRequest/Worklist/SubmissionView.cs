namespace FedBus.AnnotationRequest.Worklist;

/// <summary>One of the reader's submissions and QC's verdict on it ("pending", "rejected", "accepted").</summary>
public sealed record SubmissionView(Guid SubmissionId, DateTimeOffset SubmittedAt, string LabelMediaType, string LabelUrl, string Verdict, IReadOnlyList<ReasonView> QcReasons);
