namespace FedBus.Dicom.Network;

/// <summary>A timer of the association expired (ARTIM, idle, DIMSE response).</summary>
public sealed class DicomNetworkTimeoutException(string message) : DicomNetworkException(message);
