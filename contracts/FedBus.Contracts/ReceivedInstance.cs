namespace FedBus.Contracts;

/// <summary>One stored DICOM instance of a received study; the bytes are in the site's blob store.</summary>
public sealed record ReceivedInstance(
    string SopInstanceUid,
    string SopClassUid,
    string TransferSyntaxUid,
    string BlobSha256,
    long SizeBytes,
    int Rows,
    int Columns,
    int NumberOfFrames,
    int? InstanceNumber);
