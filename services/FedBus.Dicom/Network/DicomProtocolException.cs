namespace FedBus.Dicom.Network;

/// <summary>
/// The peer broke the upper-layer protocol (malformed or unexpected PDU). <see cref="AbortReason"/> is what we put in
/// the A-ABORT we answer with.
/// </summary>
public sealed class DicomProtocolException(string message, AbortReason abortReason = AbortReason.InvalidPduParameterValue)
    : DicomNetworkException(message)
{
    public AbortReason AbortReason { get; } = abortReason;
}
