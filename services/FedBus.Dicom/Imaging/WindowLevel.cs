namespace FedBus.Dicom.Imaging;

/// <summary>A VOI window (PS3.3 C.11.2.1.2): centre and width in modality units.</summary>
public readonly record struct WindowLevel(double Center, double Width);
