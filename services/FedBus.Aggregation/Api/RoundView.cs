using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation.Api;

/// <summary>
/// A round with its live state: who was invited, who answered and who is pending, the accepted updates, the refused
/// ones with their reasons, the candidate (each site's share, clip factor, why it was left out; DP ε/δ), the
/// validations, the gate's figures and the outcome.
/// </summary>
public sealed record RoundView(
    Guid RoundId, int RoundNumber, string ModelId, RoundState State, string? Outcome, string? Reason, string RequestedBy, string ArchitectureId, string Task,
    int BaseVersion, RoundSettingsView Settings, DateTimeOffset StartedAt, DateTimeOffset UpdateDeadline, DateTimeOffset? ValidationDeadline, DateTimeOffset? ClosedAt,
    IReadOnlyList<string> InvitedSites, IReadOnlyList<string> AnsweredSites, IReadOnlyList<string> PendingSites, IReadOnlyList<UpdateView> Updates,
    IReadOnlyList<RefusedUpdate> RefusedUpdates, RoundCandidate? Candidate, PrivacyFigures? Privacy, IReadOnlyList<ValidationRecord> Validations, GateReport? Gate,
    int? PublishedVersion, IReadOnlyList<string> Notes)
{
    public static RoundView Of(TrainingRound r) => new(r.RoundId, r.RoundNumber, r.ModelId, r.State, TrainingRound.OutcomeOf(r.State)?.ToString(), r.Reason, r.RequestedBy,
        r.ArchitectureId, r.Task.ToString(), r.BaseVersion, RoundSettingsView.Of(r.Settings), r.StartedAt, r.UpdateDeadline, r.ValidationDeadline, r.ClosedAt,
        r.InvitedSites, r.Answered, r.Pending, [.. r.Updates.Select(UpdateView.Of)], r.Refused, r.Candidate, r.Candidate?.Privacy, r.Validations, r.Gate,
        r.PublishedVersion, r.Notes);
}
