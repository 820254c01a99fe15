namespace FedBus.Dicom;

/// <summary>How a VR's value is encoded.</summary>
public enum DicomVRKind
{
    /// <summary>Characters (possibly backslash-separated values), padded with space (UI with NUL).</summary>
    Text,

    /// <summary>Fixed-size binary numbers or opaque bytes (OB, UN, OW...).</summary>
    Binary,

    /// <summary>SQ: a sequence of items.</summary>
    Sequence,
}
