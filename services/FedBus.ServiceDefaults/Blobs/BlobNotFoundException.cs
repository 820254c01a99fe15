namespace FedBus.ServiceDefaults.Blobs;

public sealed class BlobNotFoundException(string sha256) : Exception($"No blob {sha256} in the blob store.")
{
    public string Sha256 { get; } = sha256;
}
