namespace FedBus.Dicom.IO;

/// <summary>
/// Input read in chunks from a file (positional reads) or a stream. Small values are slices of
/// the chunk they fall in; in files, values at or above the threshold are left on disk
/// (<see cref="FileRangeDicomBuffer"/>). A length that claims more bytes than the input has is
/// detected before anything that large is allocated.
/// </summary>
internal sealed class ChunkedByteSource : ByteSource
{
    private const int ChunkSize = 64 * 1024;

    // The first read is smaller: most headers fit, and header-only parsing is the hot path.
    private const int FirstChunkSize = 16 * 1024;
    private const int GrowStep = 4 * 1024 * 1024;

    private readonly DicomFileHandle? file;
    private readonly Stream? stream;
    private readonly long length; // long.MaxValue when unknown (stream)
    private readonly long lazyThreshold;
    private byte[] window = [];
    private long windowStart;
    private int windowLength;
    private bool streamEnded;
    private bool fileBacked;

    public ChunkedByteSource(DicomFileHandle file, long start, long lazyThreshold)
    {
        this.file = file;
        length = file.Length;
        this.lazyThreshold = lazyThreshold;
        Position = start;
        windowStart = start;
    }

    public ChunkedByteSource(Stream stream, long start = 0)
    {
        this.stream = stream;
        length = stream.CanSeek ? start + (stream.Length - stream.Position) : long.MaxValue;
        lazyThreshold = long.MaxValue;
        Position = start;
        windowStart = start;
    }

    public override long Remaining => length == long.MaxValue ? long.MaxValue : length - Position;

    public override bool HasFileBackedValues => fileBacked;

    public override ReadOnlySpan<byte> Peek(int count)
    {
        var offset = (int)(Position - windowStart);
        if (offset + count > windowLength)
        {
            Fill(count);
            offset = (int)(Position - windowStart);
        }

        return window.AsSpan(offset, Math.Min(count, windowLength - offset));
    }

    public override void Advance(int count) => Position += count;

    public override DicomBuffer ReadValue(long valueLength, int swapUnit, DicomTag tag)
    {
        if (valueLength > Remaining)
        {
            throw Truncated(valueLength, tag, "a value");
        }

        if (file is not null && valueLength >= lazyThreshold)
        {
            var value = new FileRangeDicomBuffer(file, Position, valueLength, swapUnit);
            fileBacked = true;
            Position += valueLength;
            return value;
        }

        if (valueLength > GrowStep && length == long.MaxValue)
        {
            return ReadLargeFromStream(valueLength, swapUnit, tag);
        }

        var span = Peek((int)valueLength);
        if (span.Length < valueLength)
        {
            throw Truncated(valueLength, tag, "a value");
        }

        var offset = (int)(Position - windowStart);
        Position += valueLength;
        if (swapUnit > 1)
        {
            return new MemoryDicomBuffer(ByteSwap.Copy(span, swapUnit));
        }

        return new MemoryDicomBuffer(new ReadOnlyMemory<byte>(window, offset, (int)valueLength));
    }

    public override void Skip(long count, DicomTag tag)
    {
        if (count > Remaining)
        {
            throw Truncated(count, tag, "a value");
        }

        var inWindow = windowStart + windowLength - Position;
        if (count <= inWindow || file is not null || (stream?.CanSeek ?? false))
        {
            if (count > inWindow && stream is not null)
            {
                stream.Seek(count - inWindow, SeekOrigin.Current);
                windowStart = Position + count;
                windowLength = 0;
            }

            Position += count;
            return;
        }

        // Non-seekable stream: read and drop.
        var left = count;
        while (left > 0)
        {
            var n = (int)Math.Min(left, ChunkSize);
            var span = Peek(n);
            if (span.IsEmpty)
            {
                throw Truncated(left, tag, "a value");
            }

            Position += span.Length;
            left -= span.Length;
        }
    }

    public override Stream OpenRemainder()
    {
        var offset = (int)Math.Max(0, Position - windowStart);
        var buffered = Math.Max(0, windowLength - offset);
        var head = new ReadOnlyMemory<byte>(window, Math.Min(offset, window.Length), buffered);
        var next = Position + buffered;
        return new RemainderStream(head, span =>
        {
            var n = ReadMore(span, next);
            next += n;
            return n;
        });
    }

    // A fresh array each time: earlier windows stay alive only through the values sliced from them.
    private void Fill(int count)
    {
        var keep = (int)Math.Max(0, windowStart + windowLength - Position);
        var size = Math.Max(count, window.Length == 0 ? FirstChunkSize : ChunkSize);
        if (length != long.MaxValue)
        {
            size = (int)Math.Min(size, Math.Max(keep, length - Position));
        }

        var next = GC.AllocateUninitializedArray<byte>(Math.Max(size, keep));
        if (keep > 0)
        {
            window.AsSpan((int)(Position - windowStart), keep).CopyTo(next);
        }

        var filled = keep;
        while (filled < count && !streamEnded)
        {
            var n = ReadMore(next.AsSpan(filled), Position + filled);
            if (n == 0)
            {
                streamEnded = true;
                break;
            }

            filled += n;
        }

        // Top up to the chunk size cheaply if the underlying read returned less.
        window = next;
        windowStart = Position;
        windowLength = filled;
    }

    private int ReadMore(Span<byte> into, long at)
    {
        if (into.IsEmpty)
        {
            return 0;
        }

        if (file is not null)
        {
            return RandomAccess.Read(file.Handle, into, at);
        }

        return stream!.Read(into);
    }

    // Stream of unknown length: grow as bytes actually arrive, so a bogus 4 GB length costs
    // only what the stream really holds before it fails.
    private MemoryDicomBuffer ReadLargeFromStream(long valueLength, int swapUnit, DicomTag tag)
    {
        if (valueLength > Array.MaxLength)
        {
            throw new DicomFormatException(Position, $"value of {valueLength} bytes is too large to hold in memory", tag);
        }

        var buffer = new byte[GrowStep];
        var filled = 0;
        var inWindow = (int)Math.Min(valueLength, windowStart + windowLength - Position);
        window.AsSpan((int)(Position - windowStart), inWindow).CopyTo(buffer);
        filled = inWindow;
        windowStart = Position + inWindow;
        windowLength = 0;
        while (filled < valueLength)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(valueLength, (long)buffer.Length * 2));
            }

            var n = stream!.Read(buffer, filled, (int)Math.Min(buffer.Length - filled, valueLength - filled));
            if (n == 0)
            {
                Position += filled;
                throw Truncated(valueLength - filled, tag, "a value");
            }

            filled += n;
        }

        Position += valueLength;
        windowStart = Position;
        if (swapUnit > 1)
        {
            ByteSwap.InPlace(buffer, swapUnit);
        }

        return new MemoryDicomBuffer(buffer);
    }
}
