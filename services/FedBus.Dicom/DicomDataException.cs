namespace FedBus.Dicom;

/// <summary>
/// A data set is well-formed but an attribute is missing or its value cannot be used as asked
/// (e.g. Rows absent, "abc" read as a number, pixel data that does not match its description).
/// </summary>
public class DicomDataException : DicomException
{
    public DicomDataException()
    {
    }

    public DicomDataException(string message)
        : base(message)
    {
    }

    public DicomDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DicomDataException(DicomTag tag, string message)
        : base($"{Describe(tag)}: {message}")
    {
        Tag = tag;
    }

    public DicomTag? Tag { get; }

    internal static string Describe(DicomTag tag) =>
        tag.Keyword is { } k ? $"{tag} {k}" : tag.ToString();
}
