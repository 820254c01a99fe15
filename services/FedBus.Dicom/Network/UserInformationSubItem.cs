namespace FedBus.Dicom.Network;

/// <summary>A user-information sub-item we do not interpret (extended negotiation, user identity, ...), kept as raw bytes.</summary>
public sealed record UserInformationSubItem(byte Type, byte[] Value);
