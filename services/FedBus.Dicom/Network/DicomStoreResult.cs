namespace FedBus.Dicom.Network;

/// <summary>
/// Outcome of one instance sent by <see cref="DicomStoreClient"/>. <see cref="Sent"/> is false when no accepted
/// presentation context could carry it; <see cref="Status"/> then is 0x0122 with a local error comment.
/// </summary>
public sealed record DicomStoreResult(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, DicomStatus Status, bool Sent);
