namespace FedBus.Dicom.Network;

/// <summary>Base of every error the DICOM network layer raises.</summary>
public class DicomNetworkException : Exception
{
    public DicomNetworkException(string message) : base(message) { }

    public DicomNetworkException(string message, Exception inner) : base(message, inner) { }
}
