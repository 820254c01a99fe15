using FedBus.AnnotationRequest.Tasks;

namespace FedBus.AnnotationRequest.Persistence;

/// <summary>A stored submission; <see cref="Replayed"/> when the same client request had stored it before.</summary>
public sealed record SubmissionOutcome(AnnotationTask Task, TaskRead Read, TaskSubmission Submission, bool Replayed);
