namespace FedBus.Triage.Bench;

internal sealed record ImageOutcome(string Condition, bool IsScanner, string CaseId, double Quality, bool Poor, double Triage, double[] Signals);
