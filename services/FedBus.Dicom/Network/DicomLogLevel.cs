namespace FedBus.Dicom.Network;

/// <summary>Severity of a network-layer log entry (a host maps these onto its logger).</summary>
public enum DicomLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
}
