using FedBus.Contracts;

namespace FedBus.Aggregation.Rounds;

/// <summary>Everything a new round starts from: its ids, the model and base version, the settings and the invited sites.</summary>
public sealed record RoundOpening(
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
    IReadOnlyList<string> InvitedSites,
    string RequestedBy);
