namespace FedBus.Dicom;

/// <summary>How to encode a data set.</summary>
public sealed record DicomWriteOptions
{
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>Length encoding of sequences and items: as read/created, all undefined, or all explicit.</summary>
    public DicomSequenceLengthMode SequenceLength { get; init; } = DicomSequenceLengthMode.AsRead;

    /// <summary>
    /// Group length elements (gggg,0000) present in the data set are rewritten with the correct
    /// value (true, default) or dropped (false; they are retired outside groups 0000 and 0002).
    /// </summary>
    public bool KeepGroupLengths { get; init; } = true;

    /// <summary>Deflate level for the deflated transfer syntax.</summary>
    public System.IO.Compression.CompressionLevel DeflateLevel { get; init; } = System.IO.Compression.CompressionLevel.Fastest;
}
