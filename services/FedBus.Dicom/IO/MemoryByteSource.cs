namespace FedBus.Dicom.IO;

/// <summary>Input already in memory: values are slices of it (no copy) unless they must be byte-swapped.</summary>
internal sealed class MemoryByteSource : ByteSource
{
    private readonly ReadOnlyMemory<byte> data;
    private readonly long baseOffset;
    private int index;

    public MemoryByteSource(ReadOnlyMemory<byte> data, long baseOffset = 0)
    {
        this.data = data;
        this.baseOffset = baseOffset;
        Position = baseOffset;
    }

    public override long Remaining => data.Length - index;

    public override ReadOnlySpan<byte> Peek(int count)
    {
        var n = Math.Min(count, data.Length - index);
        return data.Span.Slice(index, n);
    }

    public override void Advance(int count)
    {
        index += count;
        Position = baseOffset + index;
    }

    public override DicomBuffer ReadValue(long length, int swapUnit, DicomTag tag)
    {
        if (length > Remaining)
        {
            throw Truncated(length, tag, "a value");
        }

        var slice = data.Slice(index, (int)length);
        Advance((int)length);
        return swapUnit > 1
            ? new MemoryDicomBuffer(ByteSwap.Copy(slice.Span, swapUnit))
            : new MemoryDicomBuffer(slice);
    }

    public override Stream OpenRemainder() => DicomReader.AsStream(data[index..]);

    public override void Skip(long count, DicomTag tag)
    {
        if (count > Remaining)
        {
            throw Truncated(count, tag, "a value");
        }

        Advance((int)count);
    }
}
