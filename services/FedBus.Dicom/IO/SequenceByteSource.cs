using System.Buffers;

namespace FedBus.Dicom.IO;

/// <summary>
/// Input held in several buffers (the P-DATA fragments of one C-STORE): headers are read in place or from a small
/// scratch copy when they straddle two buffers; a value inside one buffer is a slice of it (no copy), one that spans
/// buffers is kept as a view of the buffers it spans.
/// </summary>
internal sealed class SequenceByteSource : ByteSource
{
    private ReadOnlySequence<byte> rest;
    private byte[] scratch = [];

    public SequenceByteSource(ReadOnlySequence<byte> data)
    {
        rest = data;
    }

    public override long Remaining => rest.Length;

    public override ReadOnlySpan<byte> Peek(int count)
    {
        var first = rest.FirstSpan;
        if (first.Length >= count || rest.IsSingleSegment)
        {
            return first[..Math.Min(count, first.Length)];
        }

        var n = (int)Math.Min(count, rest.Length);
        if (scratch.Length < n)
        {
            scratch = new byte[Math.Max(n, 256)];
        }

        rest.Slice(0, n).CopyTo(scratch);
        return scratch.AsSpan(0, n);
    }

    public override void Advance(int count)
    {
        rest = rest.Slice(count);
        Position += count;
    }

    public override DicomBuffer ReadValue(long length, int swapUnit, DicomTag tag)
    {
        if (length > Remaining)
        {
            throw Truncated(length, tag, "a value");
        }

        var value = rest.Slice(0, length);
        rest = rest.Slice(length);
        Position += length;
        if (swapUnit > 1)
        {
            return new MemoryDicomBuffer(ByteSwap.Copy(value.ToArray(), swapUnit));
        }

        return value.IsSingleSegment ? new MemoryDicomBuffer(value.First) : new SequenceDicomBuffer(value);
    }

    public override void Skip(long count, DicomTag tag)
    {
        if (count > Remaining)
        {
            throw Truncated(count, tag, "a value");
        }

        rest = rest.Slice(count);
        Position += count;
    }

    public override Stream OpenRemainder() => new SequenceStream(rest);
}
