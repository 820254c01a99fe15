namespace FedBus.Dicom;

/// <summary>How the writer encodes the lengths of sequences and items.</summary>
public enum DicomSequenceLengthMode
{
    /// <summary>Keep each sequence's and item's <c>UndefinedLength</c> flag (what was read).</summary>
    AsRead,

    /// <summary>Undefined length with delimitation items everywhere (streamable).</summary>
    Undefined,

    /// <summary>Explicit lengths everywhere (DCMTK's default).</summary>
    Defined,
}
