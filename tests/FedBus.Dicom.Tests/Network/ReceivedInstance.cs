namespace FedBus.Dicom.Tests.Network;

internal sealed record ReceivedInstance(Guid AssociationId, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, byte[] DataSet, bool WasInMemory, string? Sha256 = null);
