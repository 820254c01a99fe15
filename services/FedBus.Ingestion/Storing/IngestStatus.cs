namespace FedBus.Ingestion.Storing;

/// <summary>How an instance fared; failures carry the DICOM status code both DIMSE and STOW-RS report.</summary>
public enum IngestStatus : ushort
{
    Stored = 0x0000,

    /// <summary>Refused: out of resources (disk, store).</summary>
    OutOfResources = 0xA700,

    /// <summary>Error: data set does not match SOP class.</summary>
    DataSetDoesNotMatchSopClass = 0xA900,

    /// <summary>Error: cannot understand (unparseable, required attribute missing, UIDs inconsistent).</summary>
    CannotUnderstand = 0xC000,

    /// <summary>Refused: the object exceeds the configured size limit.</summary>
    TooLarge = 0xA701,

    /// <summary>Failure: processing failure (an unexpected fault on our side).</summary>
    ProcessingFailure = 0x0110,
}
