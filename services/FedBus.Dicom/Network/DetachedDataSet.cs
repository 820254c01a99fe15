using System.Buffers;
using System.Security.Cryptography;

namespace FedBus.Dicom.Network;

/// <summary>
/// A received data set's bytes taken out of the association's buffer (<see cref="DicomDataSetBuffer.TakeMemory"/>), so
/// work on them can go on after the handler has answered, on another thread. Disposing hands the memory back to the pool.
/// </summary>
public sealed class DetachedDataSet : IDisposable
{
    private byte[][]? _chunks;

    internal DetachedDataSet(byte[][] chunks, long length, long memoryFootprint)
    {
        _chunks = chunks;
        Length = length;
        MemoryFootprint = memoryFootprint;
    }

    public long Length { get; }

    /// <summary>The pooled memory held until disposed (whole chunks, so at least <see cref="Length"/>).</summary>
    public long MemoryFootprint { get; }

    /// <summary>The lower-case hex SHA-256 of <paramref name="prefix"/> followed by these bytes.</summary>
    public string Sha256(ReadOnlySpan<byte> prefix)
    {
        var chunks = _chunks ?? throw new ObjectDisposedException(nameof(DetachedDataSet));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(prefix);
        var left = Length;
        foreach (var chunk in chunks)
        {
            var count = (int)Math.Min(left, chunk.Length);
            hash.AppendData(chunk.AsSpan(0, count));
            left -= count;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _chunks, null) is not { } chunks)
        {
            return;
        }

        foreach (var chunk in chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
