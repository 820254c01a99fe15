namespace FedBus.Dicom.Network;

/// <summary>Source field of an A-ASSOCIATE-RJ PDU.</summary>
public enum RejectSource : byte
{
    ServiceUser = 1,
    ServiceProviderAcse = 2,
    ServiceProviderPresentation = 3,
}
