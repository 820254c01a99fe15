namespace FedBus.Contracts;

/// <summary>
/// The hub asks the round's sites to score a candidate global model, and the current one, on their own validation
/// pools. Crosses hub → sites.
/// </summary>
public sealed record ValidateCandidateModel(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    Guid RoundId,
    string ModelId,
    string ArchitectureId,
    int CandidateVersion,
    ModelWeights CandidateWeights,
    int CurrentVersion,
    IReadOnlyList<string> Sites,
    DateTimeOffset Deadline) : IFedBusMessage;
