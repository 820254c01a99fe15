namespace FedBus.Inference.Studies;

/// <summary>What one StudyReceived produced: predictions and skips, in a stable order (series, instance, frame, task).</summary>
public sealed record InferenceOutcome(IReadOnlyList<PredictionRecord> Predictions, IReadOnlyList<SkipRecord> Skips);
