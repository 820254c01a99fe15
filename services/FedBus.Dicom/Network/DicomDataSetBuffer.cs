using System.Buffers;
using System.Security.Cryptography;
using FedBus.Dicom.IO;
using Microsoft.Win32.SafeHandles;

namespace FedBus.Dicom.Network;

/// <summary>
/// The data-set bytes of one received C-STORE, exactly as they came off the wire. Held in pooled memory up to a
/// threshold, then spilled to a temporary file (deleted on close), so an association never holds more than the
/// threshold in memory. Valid only during the <see cref="IDicomStoreHandler.StoreAsync"/> call that receives it:
/// the association reuses the buffer for its next message, and streams opened earlier then fail.
/// </summary>
public sealed class DicomDataSetBuffer : IDisposable
{
    internal const int ChunkSize = 256 * 1024;

    // Chunks kept between messages of one association; the rest go back to the pool.
    private const int RetainedChunks = 8;

    private readonly List<byte[]> _chunks = [];
    private readonly long _memoryLimit;
    private readonly string _spoolDirectory;
    private SafeFileHandle? _file;
    private int _generation;
    private bool _disposed;
    private IncrementalHash? _hash;
    private bool _hashing;
    private ReadOnlyMemory<byte>? _hashPrefix;
    private long _hashAbove = long.MaxValue;

    internal DicomDataSetBuffer(long memoryLimit, string? spoolDirectory)
    {
        _memoryLimit = memoryLimit;
        _spoolDirectory = spoolDirectory ?? Path.GetTempPath();
    }

    public long Length { get; private set; }

    /// <summary>The pooled memory the bytes occupy (whole chunks); zero once they were spilled to a temporary file.</summary>
    public long MemoryFootprint => _file is null ? (Length + ChunkSize - 1) / ChunkSize * ChunkSize : 0;

    /// <summary>True while the bytes are in memory; false once they were spilled to a temporary file.</summary>
    public bool IsInMemory => _file is null;

    /// <summary>The bytes as a sequence, without copying, when they are in memory.</summary>
    public bool TryGetMemory(out ReadOnlySequence<byte> sequence)
    {
        ThrowIfDisposed();
        if (_file is not null)
        {
            sequence = default;
            return false;
        }

        sequence = BuildSequence();
        return true;
    }

    /// <summary>
    /// Takes the bytes out of the buffer when they are in memory (null once spilled to a file): they stay valid after the
    /// handler returns, and the buffer starts its next message with memory of its own. Streams opened earlier become invalid.
    /// </summary>
    public DetachedDataSet? TakeMemory()
    {
        ThrowIfDisposed();
        if (_file is not null)
        {
            return null;
        }

        var used = (int)(MemoryFootprint / ChunkSize);
        var taken = new DetachedDataSet([.. _chunks.GetRange(0, used)], Length, MemoryFootprint);
        _chunks.RemoveRange(0, used);
        _generation++;
        Length = 0;
        return taken;
    }

    /// <summary>A read-only, seekable stream over the bytes, wherever they are.</summary>
    public Stream OpenRead()
    {
        ThrowIfDisposed();
        return new DataSetReadStream(this, _generation);
    }

    /// <summary>Writes all bytes to <paramref name="destination"/>: one write per chunk when in memory.</summary>
    public async ValueTask CopyToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_file is null)
        {
            var left = Length;
            foreach (var chunk in _chunks)
            {
                if (left == 0)
                {
                    break;
                }

                var count = (int)Math.Min(left, chunk.Length);
                await destination.WriteAsync(chunk.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                left -= count;
            }

            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (long offset = 0; offset < Length;)
            {
                var read = await RandomAccess.ReadAsync(_file, buffer.AsMemory(0, (int)Math.Min(buffer.Length, Length - offset)), offset, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"The spool file ended after {offset} of {Length} bytes.");
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Creates (or replaces) the file at <paramref name="path"/> holding <paramref name="prefix"/> (e.g. Part 10 file
    /// meta information) followed by the data set. In memory this is one gather write (pwritev) without a thread
    /// switch: for page-cached local disks the fastest way to persist an instance before answering the C-STORE.
    /// An existing file is deleted first rather than truncated: ext4 flushes a truncated-and-rewritten file to disk
    /// on close (auto_da_alloc), which costs milliseconds per instance.
    /// </summary>
    public void WriteToFile(string path, ReadOnlyMemory<byte> prefix = default)
    {
        ThrowIfDisposed();
        SafeFileHandle file;
        try
        {
            file = NewFile.Create(path);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(path);
            file = NewFile.Create(path);
        }

        using var _ = file;
        if (_file is null)
        {
            var segments = new List<ReadOnlyMemory<byte>>(_chunks.Count + 1);
            if (!prefix.IsEmpty)
            {
                segments.Add(prefix);
            }

            var left = Length;
            foreach (var chunk in _chunks)
            {
                if (left == 0)
                {
                    break;
                }

                var count = (int)Math.Min(left, chunk.Length);
                segments.Add(chunk.AsMemory(0, count));
                left -= count;
            }

            RandomAccess.Write(file, segments, 0);
            return;
        }

        RandomAccess.Write(file, prefix.Span, 0);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (long offset = 0; offset < Length;)
            {
                var read = RandomAccess.Read(_file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, Length - offset)), offset);
                if (read == 0)
                {
                    throw new IOException($"The spool file ended after {offset} of {Length} bytes.");
                }

                RandomAccess.Write(file, buffer.AsSpan(0, read), prefix.Length + offset);
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _generation++;
        _file?.Dispose();
        _file = null;
        _hash?.Dispose();
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
    }

    internal async ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        StartHashIfLonger(data.Length);
        if (_hashing)
        {
            _hash!.AppendData(data.Span);
        }

        if (_file is null && Length + data.Length > _memoryLimit)
        {
            await SpillAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_file is not null)
        {
            await RandomAccess.WriteAsync(_file, data, Length, cancellationToken).ConfigureAwait(false);
            Length += data.Length;
            return;
        }

        var span = data.Span;
        while (!span.IsEmpty)
        {
            var index = (int)(Length / ChunkSize);
            var offset = (int)(Length % ChunkSize);
            if (index == _chunks.Count)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
            }

            var count = Math.Min(span.Length, ChunkSize - offset);
            span[..count].CopyTo(_chunks[index].AsSpan(offset));
            span = span[count..];
            Length += count;
        }
    }

    /// <summary>
    /// Free space in the current memory chunk for a direct read (bounded by the memory threshold), or false when the
    /// next bytes must go through <see cref="AppendAsync"/> (spilled, or the threshold reached).
    /// </summary>
    internal bool TryGetAppendMemory(out Memory<byte> memory)
    {
        var room = _memoryLimit - Length;
        if (_file is not null || room <= 0)
        {
            memory = default;
            return false;
        }

        var index = (int)(Length / ChunkSize);
        var offset = (int)(Length % ChunkSize);
        if (index == _chunks.Count)
        {
            _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
        }

        memory = _chunks[index].AsMemory(offset, (int)Math.Min(ChunkSize - offset, room));
        return true;
    }

    /// <summary>Counts <paramref name="count"/> bytes written into the memory from <see cref="TryGetAppendMemory"/>.</summary>
    internal void CommitAppend(int count)
    {
        StartHashIfLonger(count);
        if (_hashing)
        {
            _hash!.AppendData(_chunks[(int)(Length / ChunkSize)].AsSpan((int)(Length % ChunkSize), count));
        }

        Length += count;
    }

    /// <summary>
    /// Hashes <paramref name="prefix"/> and then every byte appended, with SHA-256, while they arrive: the bytes are hashed
    /// while still in the CPU's cache, and the hash takes no pass of its own.
    /// </summary>
    /// <remarks>
    /// With <paramref name="above"/> the hash starts only once the data set grows past that many bytes, taking in what
    /// arrived so far at that moment; a smaller data set is not hashed here (<see cref="FinishHash"/> gives null).
    /// </remarks>
    internal void HashFrom(ReadOnlyMemory<byte> prefix, long above = 0)
    {
        _hashPrefix = prefix;
        _hashAbove = above;
        StartHashIfLonger(0);
    }

    private void StartHashIfLonger(int appending)
    {
        if (_hashPrefix is not { } prefix || (_hashAbove > 0 && Length + appending <= _hashAbove))
        {
            return;
        }

        _hashPrefix = null;
        _hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _hashing = true;
        _hash.AppendData(prefix.Span);
        if (_file is null)
        {
            for (long position = 0; position < Length; position += ChunkSize)
            {
                _hash.AppendData(_chunks[(int)(position / ChunkSize)].AsSpan(0, (int)Math.Min(ChunkSize, Length - position)));
            }

            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (long position = 0; position < Length;)
            {
                var read = RandomAccess.Read(_file, buffer.AsSpan(0, (int)Math.Min(ChunkSize, Length - position)), position);
                _hash.AppendData(buffer.AsSpan(0, read));
                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The lower-case hex SHA-256 of the prefix and the bytes appended since <see cref="HashFrom"/>; null if not hashing.</summary>
    internal string? FinishHash()
    {
        _hashPrefix = null;
        if (!_hashing)
        {
            return null;
        }

        _hashing = false;
        return Convert.ToHexStringLower(_hash!.GetHashAndReset());
    }

    /// <summary>Empties the buffer for the next message; earlier streams become invalid.</summary>
    internal void Reset()
    {
        _generation++;
        Length = 0;
        _hashPrefix = null;
        if (_hashing)
        {
            _hashing = false;
            _hash!.GetHashAndReset();
        }

        _file?.Dispose();
        _file = null;
        for (var i = _chunks.Count - 1; i >= RetainedChunks; i--)
        {
            ArrayPool<byte>.Shared.Return(_chunks[i]);
            _chunks.RemoveAt(i);
        }
    }

    internal int Read(int generation, long position, Span<byte> destination)
    {
        if (generation != _generation || _disposed)
        {
            throw new ObjectDisposedException(nameof(DicomDataSetBuffer), "The received data set is only readable while the store handler runs.");
        }

        var count = (int)Math.Min(destination.Length, Length - position);
        if (count <= 0)
        {
            return 0;
        }

        if (_file is not null)
        {
            return RandomAccess.Read(_file, destination[..count], position);
        }

        var index = (int)(position / ChunkSize);
        var offset = (int)(position % ChunkSize);
        count = Math.Min(count, ChunkSize - offset);
        _chunks[index].AsSpan(offset, count).CopyTo(destination);
        return count;
    }

    private async ValueTask SpillAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_spoolDirectory, $"fedbus-cstore-{Guid.NewGuid():N}.spool");
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        long offset = 0;
        try
        {
            foreach (var chunk in _chunks)
            {
                if (offset >= Length)
                {
                    break;
                }

                var count = (int)Math.Min(chunk.Length, Length - offset);
                await RandomAccess.WriteAsync(file, chunk.AsMemory(0, count), offset, cancellationToken).ConfigureAwait(false);
                offset += count;
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }

        _file = file;
    }

    private ReadOnlySequence<byte> BuildSequence()
    {
        if (Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        if (Length <= ChunkSize)
        {
            return new ReadOnlySequence<byte>(_chunks[0], 0, (int)Length);
        }

        ChunkSegment? first = null;
        ChunkSegment? last = null;
        var left = Length;
        foreach (var chunk in _chunks)
        {
            if (left == 0)
            {
                break;
            }

            var count = (int)Math.Min(left, chunk.Length);
            var segment = new ChunkSegment(chunk.AsMemory(0, count), last);
            first ??= segment;
            last = segment;
            left -= count;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private void ThrowIfDisposed() =>
        ObjectDisposedException.ThrowIf(_disposed, this);

    private sealed class ChunkSegment : ReadOnlySequenceSegment<byte>
    {
        public ChunkSegment(ReadOnlyMemory<byte> memory, ChunkSegment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
