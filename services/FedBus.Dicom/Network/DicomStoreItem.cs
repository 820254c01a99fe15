namespace FedBus.Dicom.Network;

/// <summary>
/// One instance to send: its UIDs, the transfer syntax its data-set bytes are in, and where those bytes are. The
/// bytes are sent as they are, never re-encoded.
/// </summary>
public sealed class DicomStoreItem
{
    private readonly Func<Stream> _open;

    private DicomStoreItem(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, Func<Stream> open, long offset, long length)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sopClassUid);
        ArgumentException.ThrowIfNullOrWhiteSpace(sopInstanceUid);
        ArgumentException.ThrowIfNullOrWhiteSpace(transferSyntaxUid);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        SopClassUid = sopClassUid;
        SopInstanceUid = sopInstanceUid;
        TransferSyntaxUid = transferSyntaxUid;
        _open = open;
        DataSetOffset = offset;
        DataSetLength = length;
    }

    public string SopClassUid { get; }

    public string SopInstanceUid { get; }

    public string TransferSyntaxUid { get; }

    /// <summary>Where the data set starts in its source (after the file meta information for a Part 10 file).</summary>
    public long DataSetOffset { get; }

    public long DataSetLength { get; }

    /// <summary>Data-set bytes in memory (no file meta information).</summary>
    public static DicomStoreItem FromDataSet(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, ReadOnlyMemory<byte> dataSet) =>
        new(sopClassUid, sopInstanceUid, transferSyntaxUid, () => new ReadOnlyMemoryStream(dataSet), 0, dataSet.Length);

    /// <summary>
    /// A Part 10 file: UIDs and transfer syntax from its meta information, the data set from the byte after it (a
    /// deflated file's bytes stay deflated, which is how they travel). Only the meta group is read here.
    /// </summary>
    public static DicomStoreItem FromFile(string path)
    {
        var header = DicomPart10Header.Read(path);
        var sopClass = header.Meta.MediaStorageSopClassUid;
        var sopInstance = header.Meta.MediaStorageSopInstanceUid;
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            throw new DicomDataException($"{path}: the file meta information lacks Media Storage SOP Class/Instance UID (0002,0002)/(0002,0003); it cannot be sent by C-STORE.");
        }

        var length = new FileInfo(path).Length - header.DatasetOffset;
        return FromFileRange(sopClass, sopInstance, header.TransferSyntax.Uid, path, header.DatasetOffset, length);
    }

    /// <summary>A byte range of a file that holds the data set (e.g. a Part 10 file past its meta information).</summary>
    public static DicomStoreItem FromFileRange(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string path, long offset, long length) =>
        new(sopClassUid, sopInstanceUid, transferSyntaxUid,
            () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan),
            offset, length);

    /// <summary>Opens the source positioned at the first data-set byte.</summary>
    internal Stream OpenDataSet()
    {
        var stream = _open();
        if (DataSetOffset != 0)
        {
            stream.Seek(DataSetOffset, SeekOrigin.Begin);
        }

        return stream;
    }

    public override string ToString() => $"{SopInstanceUid} ({SopClassUid}, {TransferSyntaxUid}, {DataSetLength} bytes)";
}
