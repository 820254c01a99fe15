using FedBus.ServiceDefaults.Blobs;

namespace FedBus.ServiceDefaults.Instances;

/// <summary>Instances straight from the site's blob store, by the SHA-256 ingestion stored them under.</summary>
public sealed class BlobStoreInstanceSource(IBlobStore blobs) : IInstanceSource
{
    public string Name => "blob-store";

    public Task<Stream> OpenAsync(InstanceLocation instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (string.IsNullOrEmpty(instance.BlobSha256))
            throw new InstanceNotFoundException(instance, Name, "the message names no blob digest");
        try
        {
            return Task.FromResult(blobs.OpenRead(instance.BlobSha256));
        }
        catch (BlobNotFoundException e)
        {
            throw new InstanceNotFoundException(instance, Name, e.Message);
        }
        catch (ArgumentException e)
        {
            // A digest that is not a blob name (validated by the store) names nothing.
            throw new InstanceNotFoundException(instance, Name, e.Message);
        }
    }
}
