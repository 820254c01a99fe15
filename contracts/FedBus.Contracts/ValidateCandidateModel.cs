namespace FedBus.Contracts;

/// <summary>The hub asks every site to score a candidate global model on its own validation pool. Crosses hub → sites.</summary>
public sealed record ValidateCandidateModel(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    Guid RoundId,
    string ModelId,
    string ArchitectureId,
    int CandidateVersion,
    string WeightsSha256,
    byte[] Weights) : IFedBusMessage;
