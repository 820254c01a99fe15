namespace FedBus.Dicom;

/// <summary>
/// What precedes the data set in a Part 10 file: meta information, the transfer syntax of the
/// data set, and the offset where the data set's bytes start (for a deflated file, the deflated
/// bytes, which is also how they travel on the network).
/// </summary>
public sealed record DicomPart10Header(
    DicomFileMetaInformation Meta,
    DicomTransferSyntax TransferSyntax,
    long DatasetOffset,
    bool HasPreamble)
{
    /// <summary>Reads only the preamble and meta group of a file.</summary>
    public static DicomPart10Header Read(string path, DicomReadOptions? options = null)
    {
        using var handle = IO.DicomFileHandle.Open(path);
        return IO.DicomReader.ReadHeader(new IO.ChunkedByteSource(handle, 0, long.MaxValue), options ?? DicomReadOptions.Default);
    }

    /// <summary>Reads the preamble and meta group from a stream; the stream may have been read past them.</summary>
    public static DicomPart10Header Read(ReadOnlyMemory<byte> bytes, DicomReadOptions? options = null) =>
        IO.DicomReader.ReadHeader(new IO.MemoryByteSource(bytes), options ?? DicomReadOptions.Default);
}
