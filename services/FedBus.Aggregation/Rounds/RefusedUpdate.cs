namespace FedBus.Aggregation.Rounds;

/// <summary>An update that does not enter the round's aggregate, and why (stale base, another round, late, invalid weights …).</summary>
public sealed record RefusedUpdate(string SiteId, Guid MessageId, Guid RoundId, int BaseModelVersion, string Reason, DateTimeOffset At);
