namespace FedBus.Aggregation.Api;

/// <summary>The answer to a weight upload: the digest (checked) and size, and whether the store had it already.</summary>
public sealed record WeightsStored(string Sha256, long SizeBytes, bool AlreadyStored, string Url);
