namespace FedBus.Dicom.Network;

/// <summary>Configuration of the SCU side (<see cref="DicomClientAssociation"/>, <see cref="DicomStoreClient"/>).</summary>
public sealed class DicomClientOptions
{
    public string CallingAeTitle { get; set; } = "FEDBUS";

    public string CalledAeTitle { get; set; } = "ANY-SCP";

    /// <summary>Largest P-DATA-TF PDU we accept from the peer (announced in our A-ASSOCIATE-RQ).</summary>
    public uint MaxPduLength { get; set; } = 1024 * 1024;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>ARTIM/ACSE timeout: waiting for A-ASSOCIATE-AC/RJ and for A-RELEASE-RP.</summary>
    public TimeSpan AssociationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a DIMSE request may wait for its response (and a send may stall).</summary>
    public TimeSpan DimseTimeout { get; set; } = TimeSpan.FromSeconds(120);

    public string ImplementationClassUid { get; set; } = DicomNetworkUids.ImplementationClassUid;

    public string ImplementationVersionName { get; set; } = DicomNetworkUids.ImplementationVersionName;

    public void Validate()
    {
        AeTitles.Validate(CallingAeTitle, nameof(CallingAeTitle));
        AeTitles.Validate(CalledAeTitle, nameof(CalledAeTitle));
        if (MaxPduLength is > 0 and < 4096)
        {
            throw new ArgumentException($"{nameof(MaxPduLength)} is {MaxPduLength}; DICOM peers expect 0 (unlimited) or at least 4096.", nameof(MaxPduLength));
        }

        if (ConnectTimeout <= TimeSpan.Zero || AssociationTimeout <= TimeSpan.Zero || DimseTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Connect, association and DIMSE timeouts must be positive.");
        }
    }
}
