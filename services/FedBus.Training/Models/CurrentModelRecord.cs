using FedBus.Contracts;

namespace FedBus.Training.Models;

/// <summary>The site's current global model of a ModelId: the GlobalModelPublished with the highest Publication (rollbacks included).</summary>
/// <param name="Weights">The claim check without inline bytes (those are in the blob store, named by the digest).</param>
public sealed record CurrentModelRecord(
    string ModelId,
    string ArchitectureId,
    TaskKind Task,
    LabelSchema Labels,
    int ModelVersion,
    long Publication,
    ModelWeights Weights,
    bool IsRollback,
    DateTimeOffset PublishedAt,
    Guid SourceMessageId);
