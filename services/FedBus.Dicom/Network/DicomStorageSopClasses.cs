namespace FedBus.Dicom.Network;

/// <summary>Storage SOP classes the SCP accepts by default.</summary>
public static class DicomStorageSopClasses
{
    // Interim list until the file layer's DicomUid catalogue is merged.
    public static IReadOnlySet<string> All { get; } = new HashSet<string>
    {
        "1.2.840.10008.5.1.4.1.1.2",
        "1.2.840.10008.5.1.4.1.1.2.1",
        "1.2.840.10008.5.1.4.1.1.4",
        "1.2.840.10008.5.1.4.1.1.4.1",
        "1.2.840.10008.5.1.4.1.1.7",
        "1.2.840.10008.5.1.4.1.1.1",
        "1.2.840.10008.5.1.4.1.1.1.1",
        "1.2.840.10008.5.1.4.1.1.128",
        "1.2.840.10008.5.1.4.1.1.20",
        "1.2.840.10008.5.1.4.1.1.6.1",
    };
}
