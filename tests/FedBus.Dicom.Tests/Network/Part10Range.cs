namespace FedBus.Dicom.Tests.Network;

/// <summary>Where the data set of a Part 10 file starts and which UIDs its meta information names (read by the file layer).</summary>
internal sealed record Part10Range(string Path, long DataSetOffset, long DataSetLength, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid)
{
    public byte[] DataSetBytes() => File.ReadAllBytes(Path).AsSpan((int)DataSetOffset).ToArray();

    public static Part10Range Read(string path)
    {
        var header = DicomPart10Header.Read(path);
        return new Part10Range(
            path,
            header.DatasetOffset,
            new FileInfo(path).Length - header.DatasetOffset,
            header.Meta.MediaStorageSopClassUid!,
            header.Meta.MediaStorageSopInstanceUid!,
            header.TransferSyntax.Uid);
    }
}
