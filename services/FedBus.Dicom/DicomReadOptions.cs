namespace FedBus.Dicom;

/// <summary>How to read a file or data set.</summary>
public sealed record DicomReadOptions
{
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Stop before Pixel Data: the fast path for indexing (only the header is parsed).</summary>
    public static DicomReadOptions HeaderOnly { get; } = new() { StopBeforeTag = DicomTag.PixelData };

    /// <summary>
    /// Stop at the first top-level element whose tag is at least this one (it is not read).
    /// Null reads everything.
    /// </summary>
    public DicomTag? StopBeforeTag { get; init; }

    /// <summary>
    /// When reading a file from disk, values (and pixel data fragments) of at least this many
    /// bytes stay in the file and are read on demand, so a 500 MB multi-frame file costs memory
    /// only for the frames asked for. The <see cref="DicomFile"/> then holds the file open until
    /// disposed. <see cref="long.MaxValue"/> loads everything.
    /// </summary>
    public long LargeValueThreshold { get; init; } = 256 * 1024;

    /// <summary>Nesting limit for sequences (guards the stack against hostile input).</summary>
    public int MaxSequenceDepth { get; init; } = 64;

    /// <summary>
    /// Accept input without the 128-byte preamble and "DICM" (bare meta group, or a bare data set
    /// in implicit/explicit VR little endian, as old ACR-NEMA-era files are). Default true.
    /// </summary>
    public bool AllowMissingPreamble { get; init; } = true;
}
