namespace FedBus.Dicom.Network;

/// <summary>Priority (0000,0700) of a DIMSE request.</summary>
public enum DicomPriority : ushort
{
    Medium = 0x0000,
    High = 0x0001,
    Low = 0x0002,
}
