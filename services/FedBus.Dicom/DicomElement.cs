namespace FedBus.Dicom;

/// <summary>
/// An element with a value. The value is kept as the little endian bytes it was read as (text
/// still encoded, padding kept); typed access goes through <see cref="DicomDataset"/>, which
/// knows the character set.
/// </summary>
public sealed class DicomElement(DicomTag tag, DicomVR vr, DicomBuffer buffer) : DicomItem(tag, vr)
{
    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value)
        : this(tag, vr, DicomBuffer.FromMemory(value))
    {
    }

    public DicomBuffer Buffer { get; } = buffer ?? throw new ArgumentNullException(nameof(buffer));

    /// <summary>Value length in bytes, padding included.</summary>
    public long Length => Buffer.Length;

    /// <summary>The value bytes (reads them if the value was left in the file).</summary>
    public ReadOnlyMemory<byte> GetBytes() => Buffer.GetMemory();

    /// <summary>Number of values: binary length / unit size; text values separated by backslashes.</summary>
    public int Count
    {
        get
        {
            if (Length == 0)
            {
                return 0;
            }

            if (VR.Kind == DicomVRKind.Binary)
            {
                return VR == DicomVR.AT ? (int)(Length / 4) : (int)Math.Min(int.MaxValue, Length / VR.UnitSize);
            }

            if (!VR.IsBackslashMultiValued)
            {
                return 1;
            }

            var span = GetBytes().Span;
            return span.Count((byte)'\\') + 1;
        }
    }

    public override string ToString() => $"{Tag} {VR} length {Length}";
}
