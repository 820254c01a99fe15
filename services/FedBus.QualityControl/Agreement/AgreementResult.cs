using FedBus.Contracts;

namespace FedBus.QualityControl.Agreement;

/// <summary>How well two reads agree: one score in 0…1 (Dice, exact class match, box F1) and the metrics behind it.</summary>
public sealed record AgreementResult(string Measure, double Score, bool Agree, IReadOnlyList<MetricValue> Metrics);
