using FedBus.Contracts;

namespace FedBus.Inference.Http;

public sealed record CurrentModelView(
    int Version, long Publication, bool IsRollback, string ArchitectureId, LabelSchema Labels, string WeightsSha256,
    bool HasTrainingProfile, bool HasTriageCombiner, DateTimeOffset AdoptedAt);
