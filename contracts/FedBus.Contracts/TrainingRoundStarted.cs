namespace FedBus.Contracts;

/// <summary>
/// The hub opened a round: every invited site trains locally from the base global weights and answers with
/// <see cref="ModelUpdateSubmitted"/> before <see cref="Deadline"/>. Crosses hub → sites.
/// </summary>
public sealed record TrainingRoundStarted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    Guid RoundId,
    int RoundNumber,
    string ModelId,
    string ArchitectureId,
    TaskKind Task,
    LabelSchema Labels,
    int BaseModelVersion,
    ModelWeights BaseWeights,
    RoundSettings Settings,
    DateTimeOffset Deadline,
    IReadOnlyList<string> InvitedSites) : IFedBusMessage;
