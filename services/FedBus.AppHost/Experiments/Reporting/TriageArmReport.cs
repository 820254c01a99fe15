namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>One selection rule of the active-learning loop: its curve and the labels it needed to reach the target (null = not within the budget).</summary>
public sealed record TriageArmReport(string Selection, IReadOnlyList<TriagePoint> Curve, int? LabelsToTarget, double Seconds);
