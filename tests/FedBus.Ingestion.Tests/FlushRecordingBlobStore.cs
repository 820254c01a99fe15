using FedBus.ServiceDefaults.Blobs;

namespace FedBus.Ingestion.Tests;

/// <summary>The real blob store, noting the thread of every file-system sync it is asked for.</summary>
public sealed class FlushRecordingBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string?> _flushThreads = new();

    public IReadOnlyCollection<string?> FlushThreads => _flushThreads;

    public void FlushToDisk()
    {
        inner.FlushToDisk();
        _flushThreads.Enqueue(Thread.CurrentThread.Name);
    }

    public Task<BlobRef> PutAsync(Stream content, CancellationToken cancellationToken = default) => inner.PutAsync(content, cancellationToken);

    public Task<BlobRef> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.PutAsync(content, cancellationToken);

    public Task<BlobRef> PutAsync(Func<Stream, CancellationToken, ValueTask> write, CancellationToken cancellationToken = default) => inner.PutAsync(write, cancellationToken);

    public BlobRef Put(IReadOnlyList<ReadOnlyMemory<byte>> segments) => inner.Put(segments);

    public BlobRef PutFile(string path) => inner.PutFile(path);

    public BlobRef PutFile(string path, BlobRef hashed) => inner.PutFile(path, hashed);

    public Stream OpenRead(string sha256) => inner.OpenRead(sha256);

    public Task<byte[]> ReadAllBytesAsync(string sha256, CancellationToken cancellationToken = default) => inner.ReadAllBytesAsync(sha256, cancellationToken);

    public bool Exists(string sha256) => inner.Exists(sha256);

    public long? GetLength(string sha256) => inner.GetLength(sha256);

    public bool Delete(string sha256) => inner.Delete(sha256);
}
