using FedBus.Contracts;

namespace FedBus.AnnotationRequest.Triage;

/// <summary>
/// What the policy concluded about one result: no task (no reasons), a candidate for the budget, or an audit sample.
/// <see cref="Value"/> is the likelihood that the model is poor on the image (0..1), before any novelty discount.
/// </summary>
public sealed record TriageDecision(IReadOnlyList<QcFlag> Reasons, bool IsAuditSample, int RequiredReads, double Value)
{
    public static TriageDecision NoTask { get; } = new([], false, 0, 0);

    public bool OpensTask => Reasons.Count > 0;
}
