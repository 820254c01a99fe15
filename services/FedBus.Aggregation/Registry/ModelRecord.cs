using FedBus.Contracts;

namespace FedBus.Aggregation.Registry;

/// <summary>
/// A model the hub federates (collection aggregation_models, id = ModelId): which version is current, the last
/// publication number (it only grows, rollbacks included), the highest version number given out, the round in progress
/// (one at a time), and the server state (optimizer buffers and privacy spent) the next round starts from.
/// </summary>
public sealed record ModelRecord(
    string ModelId,
    string ArchitectureId,
    TaskKind Task,
    LabelSchema Labels,
    int CurrentVersion,
    long Publication,
    int LatestVersion,
    int RoundsStarted,
    Guid? ActiveRoundId,
    DateTimeOffset? LastRoundStartedAt,
    string? ServerStateSha256,
    DateTimeOffset CreatedAt);
