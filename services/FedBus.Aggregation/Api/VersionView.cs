using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation.Api;

/// <summary>
/// A registry version: parents, round, strategy, participating sites with their figures, the weights' SHA-256 and
/// download link, architecture, label schema, DP figures, the gate's figures and every publication.
/// </summary>
public sealed record VersionView(
    string ModelId, int Version, VersionStatus Status, bool IsCurrent, IReadOnlyList<int> ParentVersions, Guid? RoundId, int? RoundNumber, string Strategy,
    IReadOnlyList<string> ParticipatingSites, IReadOnlyList<SiteVersionFigures> Sites, string WeightsSha256, long SizeBytes, string WeightsUrl,
    string ArchitectureId, string Task, int LabelSchemaVersion, IReadOnlyList<string> ClassNames, PrivacyFigures? Privacy, GateReport? Gate, string? Reason,
    IReadOnlyList<VersionPublication> Publications, DateTimeOffset CreatedAt)
{
    public static VersionView Of(ModelVersion v, int currentVersion) => new(v.ModelId, v.Version, v.Status, v.Version == currentVersion, v.ParentVersions, v.RoundId,
        v.RoundNumber, v.Strategy, v.ParticipatingSites, v.Sites, v.WeightsSha256, v.SizeBytes, WeightsUrlOf(v.ModelId, v.Version), v.ArchitectureId, v.Task.ToString(),
        v.Labels.Version, v.Labels.ClassNames, v.Privacy, v.Gate, v.Reason, v.Publications, v.CreatedAt);

    public static string WeightsUrlOf(string modelId, int version) => $"/aggregation/models/{Uri.EscapeDataString(modelId)}/versions/{version}/weights";
}
