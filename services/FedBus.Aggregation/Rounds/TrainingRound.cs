using System.Text.Json.Serialization;
using FedBus.Contracts;

namespace FedBus.Aggregation.Rounds;

/// <summary>
/// One federated round as the hub stores it (collection aggregation_rounds, id = RoundId): the model and base version it
/// started from, its settings and invited sites, every update accepted or refused (with the reason), the candidate the
/// aggregation built, the participants' validations and the gate's figures. <see cref="NextDeadline"/> is the deadline
/// the sweep waits for in the current state (updates while collecting, validations while validating), null otherwise,
/// so a restarted hub finds every due round in the store.
/// </summary>
public sealed record TrainingRound(
    Guid RoundId,
    Guid StartMessageId,
    int RoundNumber,
    string ModelId,
    string ArchitectureId,
    TaskKind Task,
    LabelSchema Labels,
    int BaseVersion,
    string BaseWeightsSha256,
    long BaseWeightsSize,
    RoundSettings Settings,
    string RequestedBy,
    RoundState State,
    IReadOnlyList<string> InvitedSites,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdateDeadline,
    IReadOnlyList<AcceptedUpdate> Updates,
    IReadOnlyList<RefusedUpdate> Refused,
    RoundCandidate? Candidate,
    DateTimeOffset? ValidationDeadline,
    IReadOnlyList<ValidationRecord> Validations,
    GateReport? Gate,
    IReadOnlyList<string> Notes,
    string? Reason,
    DateTimeOffset? ClosedAt,
    int? PublishedVersion,
    DateTimeOffset? NextDeadline)
{
    [JsonIgnore]
    public bool IsClosed => State is RoundState.Published or RoundState.RejectedByGate or RoundState.TooFewUpdates or RoundState.TimedOut or RoundState.Aborted;

    /// <summary>Invited sites that sent an update, accepted or refused: they will not send another for this round.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Answered =>
        [.. InvitedSites.Where(s => Updates.Any(u => u.SiteId == s) || Refused.Any(r => r.SiteId == s && r.RoundId == RoundId))];

    /// <summary>Invited sites not heard from yet.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Pending => [.. InvitedSites.Except(Answered, StringComparer.Ordinal)];

    public static RoundOutcome? OutcomeOf(RoundState state) => state switch
    {
        RoundState.Published => RoundOutcome.Published,
        RoundState.RejectedByGate => RoundOutcome.RejectedByGate,
        RoundState.TooFewUpdates => RoundOutcome.TooFewUpdates,
        RoundState.TimedOut => RoundOutcome.TimedOut,
        RoundState.Aborted => RoundOutcome.Aborted,
        _ => null,
    };
}
