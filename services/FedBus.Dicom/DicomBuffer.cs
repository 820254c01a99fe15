namespace FedBus.Dicom;

/// <summary>
/// The bytes of one value, always in little endian order (big endian input is swapped when read).
/// Either in memory (often a slice of the buffer the data set was parsed from: zero copy) or a
/// range of a file read on demand, so large pixel data does not have to sit in memory.
/// </summary>
public abstract class DicomBuffer
{
    public static DicomBuffer Empty { get; } = new MemoryDicomBuffer(ReadOnlyMemory<byte>.Empty);

    /// <summary>Length in bytes (as read, before any padding the writer adds).</summary>
    public abstract long Length { get; }

    /// <summary>True when the bytes are in memory and <see cref="GetMemory"/> costs nothing.</summary>
    public abstract bool IsInMemory { get; }

    /// <summary>The bytes. A file-backed buffer reads (and allocates) them on every call.</summary>
    public abstract ReadOnlyMemory<byte> GetMemory();

    /// <summary>Copies <paramref name="destination"/>.Length bytes starting at <paramref name="offset"/>.</summary>
    public abstract void CopyTo(long offset, Span<byte> destination);

    /// <summary>Writes all bytes to a stream in bounded chunks (never materializes a file-backed value).</summary>
    public virtual void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (IsInMemory)
        {
            stream.Write(GetMemory().Span);
            return;
        }

        var chunk = new byte[(int)Math.Min(Length, 1 << 20)];
        for (long done = 0; done < Length;)
        {
            var n = (int)Math.Min(chunk.Length, Length - done);
            CopyTo(done, chunk.AsSpan(0, n));
            stream.Write(chunk, 0, n);
            done += n;
        }
    }

    public static DicomBuffer FromBytes(byte[] bytes) => new MemoryDicomBuffer(bytes);

    public static DicomBuffer FromMemory(ReadOnlyMemory<byte> memory) => new MemoryDicomBuffer(memory);

    protected static void CheckRange(long offset, int count, long length)
    {
        if (offset < 0 || count < 0 || offset + count > length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range {offset}+{count} is outside the value of {length} bytes");
        }
    }
}
