namespace FedBus.Contracts;

/// <summary>
/// A round ended: its candidate published, refused by the gate, too few updates, timed out or aborted, with the reason
/// in words. Sites still training for it may stop. Crosses hub → sites.
/// </summary>
public sealed record TrainingRoundClosed(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    Guid RoundId,
    int RoundNumber,
    string ModelId,
    RoundOutcome Outcome,
    string Reason,
    IReadOnlyList<string> AggregatedSites,
    IReadOnlyList<string> RejectedSites,
    int? PublishedVersion) : IFedBusMessage;
