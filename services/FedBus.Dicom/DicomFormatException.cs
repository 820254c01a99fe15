namespace FedBus.Dicom;

/// <summary>
/// The bytes are not valid DICOM: truncated, a length that does not fit, a bad VR, garbage.
/// <see cref="Offset"/> is where in the input (file or data set bytes) the problem was found.
/// </summary>
public class DicomFormatException : DicomException
{
    public DicomFormatException()
        : this(-1, "invalid DICOM data")
    {
    }

    public DicomFormatException(string message)
        : this(-1, message)
    {
    }

    public DicomFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Offset = -1;
        Reason = message;
    }

    public DicomFormatException(long offset, string reason, DicomTag? tag = null, Exception? innerException = null)
        : base(Describe(offset, reason, tag), innerException ?? new InvalidDataException(reason))
    {
        Offset = offset;
        Reason = reason;
        Tag = tag;
    }

    /// <summary>Byte offset in the input where the problem was found; -1 when unknown.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the offset.</summary>
    public string Reason { get; }

    /// <summary>The element being read, when known.</summary>
    public DicomTag? Tag { get; }

    private static string Describe(long offset, string reason, DicomTag? tag)
    {
        var where = offset >= 0 ? $" at offset {offset}" : string.Empty;
        var what = tag is { } t ? $" in element {t}" : string.Empty;
        return $"Invalid DICOM{where}{what}: {reason}";
    }
}
