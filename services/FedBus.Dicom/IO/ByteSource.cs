namespace FedBus.Dicom.IO;

/// <summary>
/// Forward-only input for the parser. Positions are absolute offsets in the input so error
/// messages and file-backed values can name them.
/// </summary>
internal abstract class ByteSource
{
    /// <summary>Offset of the next byte.</summary>
    public long Position { get; protected set; }

    /// <summary>Bytes left when known (memory, files), otherwise <see cref="long.MaxValue"/>.</summary>
    public abstract long Remaining { get; }

    /// <summary>What the offsets count ("file", "inflated data set"...), for messages.</summary>
    public string OffsetContext { get; init; } = string.Empty;

    /// <summary>Up to <paramref name="count"/> bytes at <see cref="Position"/>; shorter only at the end of input.</summary>
    public abstract ReadOnlySpan<byte> Peek(int count);

    public abstract void Advance(int count);

    /// <summary>Reads a value of <paramref name="length"/> bytes (byte-swapped per <paramref name="swapUnit"/>) and moves past it.</summary>
    public abstract DicomBuffer ReadValue(long length, int swapUnit, DicomTag tag);

    public abstract void Skip(long count, DicomTag tag);

    /// <summary>The rest of the input as a stream (for inflating a deflated data set).</summary>
    public abstract Stream OpenRemainder();

    /// <summary>True when some value was left in the file (the file must then stay open).</summary>
    public virtual bool HasFileBackedValues => false;

    public ReadOnlySpan<byte> Read(int count, DicomTag? tag, string what)
    {
        var span = Peek(count);
        if (span.Length < count)
        {
            throw Truncated(count, tag, what);
        }

        Advance(count);
        return span;
    }

    public DicomFormatException Truncated(long needed, DicomTag? tag, string what)
    {
        var left = Remaining == long.MaxValue ? string.Empty : $", {Remaining} byte(s) left";
        return new(Position, $"input ends while reading {what} ({needed} byte(s) needed{left}){OffsetContext}", tag);
    }
}
