namespace FedBus.Aggregation.Api;

/// <summary>POST /aggregation/rounds/{roundId}/abort.</summary>
public sealed record AbortRequest(string? Reason);
