namespace FedBus.AnnotationRequest.Triage;

/// <summary>A candidate the budget opens now, with its worklist priority (its expected value when it was chosen).</summary>
public sealed record ReleasedCandidate(TriageCandidate Candidate, double Priority);
