namespace FedBus.Dicom.Network;

/// <summary>The peer answered our A-ASSOCIATE-RQ with an A-ASSOCIATE-RJ.</summary>
public sealed class DicomAssociationRejectedException(AssociationRejection rejection)
    : DicomNetworkException($"Association rejected: {rejection.Describe()} (result {(byte)rejection.Result}, source {(byte)rejection.Source}, reason {rejection.Reason}).")
{
    public AssociationRejection Rejection { get; } = rejection;
}
