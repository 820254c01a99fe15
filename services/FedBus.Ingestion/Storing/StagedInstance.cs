namespace FedBus.Ingestion.Storing;

/// <summary>
/// An instance written whole to the incoming folder and answered (C-STORE) or awaited (STOW-RS), not yet in the blob
/// store and the index. Its file is the record of that until the committer has indexed it.
/// </summary>
public sealed record StagedInstance(
    string Path,
    InstanceHeader Header,
    string TransferSyntaxUid,
    string CallingAeTitle,
    Index.IngestSource Source,
    IngestUnit Unit,
    DateTimeOffset ReceivedAt)
{
    /// <summary>Set for a STOW-RS part, whose response reports each part's outcome.</summary>
    public TaskCompletionSource<IngestOutcome>? Outcome { get; init; }

    /// <summary>The file's SHA-256 and length when they were taken while it was received; else the committer hashes it.</summary>
    public ServiceDefaults.Blobs.BlobRef? Hashed { get; init; }

    /// <summary>The bytes just written, still in memory, when they were not hashed yet: the committer hashes them instead of the file.</summary>
    public UnhashedInstance? Unhashed { get; init; }
}
