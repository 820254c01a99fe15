namespace FedBus.ServiceDefaults.Blobs;

/// <summary>Content-addressed storage for DICOM instances, masks and model weights.</summary>
public interface IBlobStore
{
    /// <summary>Stores the stream's bytes; storing the same bytes twice keeps one copy.</summary>
    Task<BlobRef> PutAsync(Stream content, CancellationToken cancellationToken = default);

    Task<BlobRef> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Stores whatever <paramref name="write"/> writes to the stream it is given (hashed on the way through).</summary>
    Task<BlobRef> PutAsync(Func<Stream, CancellationToken, ValueTask> write, CancellationToken cancellationToken = default);

    /// <summary>Throws <see cref="BlobNotFoundException"/> if there is no such blob.</summary>
    Stream OpenRead(string sha256);

    Task<byte[]> ReadAllBytesAsync(string sha256, CancellationToken cancellationToken = default);

    bool Exists(string sha256);

    long? GetLength(string sha256);

    bool Delete(string sha256);
}
