namespace FedBus.ServiceDefaults.Blobs;

/// <summary>Content-addressed storage for DICOM instances, masks and model weights.</summary>
public interface IBlobStore
{
    /// <summary>Stores the stream's bytes; storing the same bytes twice keeps one copy.</summary>
    Task<BlobRef> PutAsync(Stream content, CancellationToken cancellationToken = default);

    Task<BlobRef> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Stores whatever <paramref name="write"/> writes to the stream it is given (hashed on the way through).</summary>
    Task<BlobRef> PutAsync(Func<Stream, CancellationToken, ValueTask> write, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the concatenation of <paramref name="segments"/>, synchronously: one gather write without thread hops, the
    /// fastest path for bytes already in memory (a received C-STORE). Bytes the store already has are not written again.
    /// </summary>
    BlobRef Put(IReadOnlyList<ReadOnlyMemory<byte>> segments);

    /// <summary>
    /// Stores the bytes of a finished file the caller wrote, named by their SHA-256 (read back from the page cache and
    /// hashed here, so a caller cannot misname it). On the store's own file system the blob is a hard link to the file
    /// (no bytes copied); elsewhere it is a copy. The caller's file stays, so a caller can keep it as its own record of
    /// unfinished work until it is done, then delete it — but never change it in place, since it may share its bytes
    /// with the blob. Bytes the store already has are not stored twice.
    /// </summary>
    BlobRef PutFile(string path);

    /// <summary>
    /// <see cref="PutFile(string)"/> for a file whose SHA-256 and length the caller computed over exactly the bytes it
    /// wrote (e.g. while receiving them), so the store does not read the file back. A wrong name would break content
    /// addressing: only for callers that hashed the very bytes they wrote.
    /// </summary>
    BlobRef PutFile(string path, BlobRef hashed);

    /// <summary>Throws <see cref="BlobNotFoundException"/> if there is no such blob.</summary>
    Stream OpenRead(string sha256);

    Task<byte[]> ReadAllBytesAsync(string sha256, CancellationToken cancellationToken = default);

    bool Exists(string sha256);

    long? GetLength(string sha256);

    bool Delete(string sha256);

    /// <summary>
    /// Makes every blob written so far durable (one syncfs of the store's file system). Callers group writes and flush
    /// once at the point where they promise durability, e.g. before answering an association's release.
    /// </summary>
    void FlushToDisk();
}
