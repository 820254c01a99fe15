namespace FedBus.Ingestion.DicomWeb;

/// <summary>How a query value is matched (PS3.4 C.2.2.2).</summary>
public enum QidoMatchKind
{
    /// <summary>Single value or wildcard (* ?), case-sensitive.</summary>
    Text,

    /// <summary>Like <see cref="Text"/> but case-insensitive, as PACS users type names.</summary>
    PersonName,

    /// <summary>List of UIDs (comma or backslash separated); exact match of any.</summary>
    Uid,

    /// <summary>Single value or range "from-to", "from-", "-to".</summary>
    Range,

    /// <summary>Integer equality.</summary>
    Integer,
}
