namespace FedBus.Contracts;

/// <summary>The validation gate refused a round's candidate: the current model stays. The figures say why.</summary>
public sealed record CandidateModelRejected(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    Guid RoundId,
    string ModelId,
    int CandidateVersion,
    int CurrentVersion,
    string Reason,
    IReadOnlyList<SiteValidation> Sites,
    IReadOnlyList<MetricValue> Overall) : IFedBusMessage;
