namespace FedBus.AnnotationRequest.Triage;

/// <summary>
/// One release of held candidates: those to open (best first), those to drop; the rest stay held.
/// <see cref="Allowance"/> is how many the paced budget allowed (int.MaxValue without a budget).
/// </summary>
public sealed record ReleasePlan(IReadOnlyList<ReleasedCandidate> Open, IReadOnlyList<DroppedCandidate> Drop, int Allowance);
