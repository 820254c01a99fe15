using FedBus.Contracts;

namespace FedBus.Inference.Models;

/// <summary>
/// The site's current model for one ModelId, as adopted from the <see cref="GlobalModelPublished"/> with the highest
/// publication (collection "inference_models", id = ModelId). The weight file is in the blob store under
/// <see cref="WeightsSha256"/>; every replica loads the model from here, so all replicas serve the same one.
/// </summary>
public sealed record ModelRecord(
    string ModelId,
    string ArchitectureId,
    TaskKind Task,
    LabelSchema Labels,
    int ModelVersion,
    long Publication,
    bool IsRollback,
    string WeightsSha256,
    long WeightsSizeBytes,
    Guid SourceMessageId,
    DateTimeOffset PublishedAt,
    DateTimeOffset AdoptedAt)
{
    public const string Collection = "inference_models";
}
