namespace FedBus.Dicom.Network;

/// <summary>The association ended abnormally: an A-ABORT from the peer or us, or the connection dropped.</summary>
public sealed class DicomAssociationAbortedException : DicomNetworkException
{
    public DicomAssociationAbortedException(string message, AbortSource? source = null, AbortReason? reason = null)
        : base(message)
    {
        AbortSource = source;
        AbortReason = reason;
    }

    public DicomAssociationAbortedException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Source of the A-ABORT PDU, when there was one.</summary>
    public AbortSource? AbortSource { get; }

    public AbortReason? AbortReason { get; }
}
