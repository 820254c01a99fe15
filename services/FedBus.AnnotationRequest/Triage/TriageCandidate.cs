namespace FedBus.AnnotationRequest.Triage;

/// <summary>A result that asks for a radiologist and competes for the budget. <see cref="Value"/>: see <see cref="TriageDecision"/>.</summary>
public sealed record TriageCandidate(Guid TaskId, Guid PredictionId, ImagePosition Position, double Value, DateTimeOffset ArrivedAt);
