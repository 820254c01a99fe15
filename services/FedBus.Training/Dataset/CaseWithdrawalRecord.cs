namespace FedBus.Training.Dataset;

/// <summary>A withdrawal that arrived before its case (messages may overtake each other): the case, when it comes, stays out.</summary>
public sealed record CaseWithdrawalRecord(Guid CaseId, Guid MessageId, DateTimeOffset WithdrawnAt);
