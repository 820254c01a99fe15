namespace FedBus.Aggregation.Api;

/// <summary>POST /aggregation/models/{modelId}/rollback: the version to make current again, why, and who asks.</summary>
public sealed record RollbackRequest(int ToVersion, string? Reason, string? RequestedBy);
