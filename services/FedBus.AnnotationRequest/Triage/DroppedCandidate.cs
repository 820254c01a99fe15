namespace FedBus.AnnotationRequest.Triage;

/// <summary>A candidate that will never open, and why.</summary>
public sealed record DroppedCandidate(TriageCandidate Candidate, string Reason);
