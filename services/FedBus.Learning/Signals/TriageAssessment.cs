namespace FedBus.Learning.Signals;

/// <summary>
/// The triage verdict on one prediction: <see cref="Score"/> 0..1 (higher = more likely poor), every named signal
/// that could be measured, and the checks that fired.
/// </summary>
public sealed record TriageAssessment(double Score, IReadOnlyList<KeyValuePair<string, double>> Signals, IReadOnlyList<TriageFinding> Findings);
