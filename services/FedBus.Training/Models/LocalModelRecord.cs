namespace FedBus.Training.Models;

/// <summary>
/// What this site trained last for a model: its weights (blob digest; FedBN takes its normalisation layers from them)
/// and the moment its dataset was read (cases added after it are "new" for the next round).
/// </summary>
public sealed record LocalModelRecord(
    string ModelId,
    string ArchitectureId,
    Guid RoundId,
    int BaseModelVersion,
    string WeightsSha256,
    DateTimeOffset DatasetAsOf,
    DateTimeOffset TrainedAt);
