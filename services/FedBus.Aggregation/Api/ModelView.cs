using FedBus.Aggregation.Registry;

namespace FedBus.Aggregation.Api;

/// <summary>A federated model: its architecture and labels, the current version and publication, the round in progress.</summary>
public sealed record ModelView(
    string ModelId, string ArchitectureId, string Task, int LabelSchemaVersion, IReadOnlyList<string> ClassNames, int CurrentVersion, long Publication,
    int LatestVersion, int RoundsStarted, Guid? ActiveRoundId, DateTimeOffset? LastRoundStartedAt, DateTimeOffset CreatedAt)
{
    public static ModelView Of(ModelRecord m) => new(m.ModelId, m.ArchitectureId, m.Task.ToString(), m.Labels.Version, m.Labels.ClassNames, m.CurrentVersion,
        m.Publication, m.LatestVersion, m.RoundsStarted, m.ActiveRoundId, m.LastRoundStartedAt, m.CreatedAt);
}
