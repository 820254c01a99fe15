using FedBus.Aggregation.Rounds;
using FedBus.Contracts;

namespace FedBus.Aggregation.Registry;

/// <summary>
/// One version of a model in the registry (collection aggregation_versions, id = "modelId/version"): where it came from
/// (parents, round, strategy, participating sites with their figures, or an import), its weights (SHA-256 of the
/// safetensors file in the hub's blob store), architecture and label schema, the server state stored with it, the
/// gate's figures, and every time it was published.
/// </summary>
public sealed record ModelVersion(
    string ModelId,
    int Version,
    VersionStatus Status,
    IReadOnlyList<int> ParentVersions,
    Guid? RoundId,
    int? RoundNumber,
    string Strategy,
    IReadOnlyList<string> ParticipatingSites,
    IReadOnlyList<SiteVersionFigures> Sites,
    string WeightsSha256,
    long SizeBytes,
    string ArchitectureId,
    TaskKind Task,
    LabelSchema Labels,
    string? ServerStateSha256,
    PrivacyFigures? Privacy,
    GateReport? Gate,
    string? Reason,
    IReadOnlyList<VersionPublication> Publications,
    DateTimeOffset CreatedAt)
{
    public static string IdOf(string modelId, int version) => $"{modelId}/{version}";
}
