namespace FedBus.ServiceDefaults.Instances;

/// <summary>
/// Reads the site's stored DICOM instances (Part 10, as received) for services that need pixels: inference, training.
/// Adapters: the site's shared blob store (<see cref="BlobStoreInstanceSource"/>) when the service shares ingestion's
/// volume, WADO-RS from ingestion (<see cref="WadoRsInstanceSource"/>) when it runs elsewhere.
/// </summary>
public interface IInstanceSource
{
    /// <summary>"blob-store" or "wado-rs", for logs and health.</summary>
    string Name { get; }

    /// <summary>
    /// The instance's bytes as stored. Throws <see cref="InstanceNotFoundException"/> when the source does not have it
    /// (a permanent answer); transient failures (I/O, HTTP 5xx, a refused connection) throw their own exceptions so the
    /// caller's retry policy can try again.
    /// </summary>
    Task<Stream> OpenAsync(InstanceLocation instance, CancellationToken cancellationToken = default);
}
