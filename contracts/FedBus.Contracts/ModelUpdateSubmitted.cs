namespace FedBus.Contracts;

/// <summary>
/// A site's local training result for a round: weights only, never images, never PHI. <see cref="Metrics"/> holds
/// named figures such as "train-loss", "validation-dice" (before and after). Crosses site → hub.
/// </summary>
public sealed record ModelUpdateSubmitted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid RoundId,
    string ModelId,
    int BaseModelVersion,
    ModelWeights Weights,
    int TrainingSamples,
    int ValidationSamples,
    int LocalEpochs,
    int LocalSteps,
    IReadOnlyList<MetricValue> Metrics) : ISiteMessage;
