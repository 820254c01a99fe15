namespace FedBus.ServiceDefaults.Blobs;

/// <summary>A stored blob: its SHA-256 (lower-case hex) is its name.</summary>
public sealed record BlobRef(string Sha256, long Length);
