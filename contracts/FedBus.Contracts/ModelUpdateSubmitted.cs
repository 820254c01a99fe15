namespace FedBus.Contracts;

/// <summary>
/// A site's local training result for a round: weights only (safetensors bytes), never images, never PHI.
/// Crosses site → hub.
/// </summary>
public sealed record ModelUpdateSubmitted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid RoundId,
    string ModelId,
    int BaseModelVersion,
    string WeightsSha256,
    byte[] Weights,
    int TrainingSamples,
    int LocalSteps,
    double TrainingLoss,
    double ValidationMetric) : ISiteMessage;
