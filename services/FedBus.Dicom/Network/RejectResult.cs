namespace FedBus.Dicom.Network;

/// <summary>Result field of an A-ASSOCIATE-RJ PDU.</summary>
public enum RejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}
