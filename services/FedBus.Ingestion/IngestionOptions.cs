using FedBus.Ingestion.Dicom;

namespace FedBus.Ingestion;

/// <summary>Configuration section "FedBus:Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string Section = "FedBus:Ingestion";

    /// <summary>Our AE title: a PACS must call it exactly.</summary>
    public string AeTitle { get; set; } = "FEDBUS";

    /// <summary>C-STORE/C-ECHO port; 0 picks a free one (logged, and readable from <see cref="Dicom.DicomListener"/>).</summary>
    public int DicomPort { get; set; } = 11112;

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>When set, only these calling AE titles may associate.</summary>
    public string[]? AllowedCallingAeTitles { get; set; }

    public int MaxAssociations { get; set; } = 32;

    /// <summary>Associations at once on a thread of their own, whose reads block; null: half the cores (see <see cref="FedBus.Dicom.Network.DicomServerOptions.AssociationThreads"/>).</summary>
    public int? AssociationThreads { get; set; }

    /// <summary>DICOM TLS on the SCP (off unless a certificate is configured).</summary>
    public DicomTlsSettings Tls { get; set; } = new();

    /// <summary>Largest PDU we accept (announced to the peer).</summary>
    public uint MaxPduLength { get; set; } = 1024 * 1024;

    /// <summary>Largest instance we accept, by C-STORE or STOW-RS.</summary>
    public long MaxObjectSize { get; set; } = 1L << 30;

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A study with no new instance for this long (and no association still sending it) is complete.</summary>
    public TimeSpan StudySettleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A resent instance with the same SOP Instance UID but different bytes: keep the first (default, like Orthanc)
    /// or replace it. Identical resends are always a no-op.
    /// </summary>
    public bool OverwriteInstances { get; set; }

    /// <summary>Largest STOW-RS request body.</summary>
    public long MaxStowRequestBytes { get; set; } = 4L << 30;

    /// <summary>
    /// Where received instances wait between their answer and their commit to the blob store and index (default:
    /// DataDirectory/incoming). It must be on the blob store's file system: blobs are hard links to these files.
    /// </summary>
    public string? IncomingDirectory { get; set; }

    /// <summary>
    /// C-STOREs larger than this are hashed while their bytes arrive, on the association's thread. Smaller ones are
    /// handed to the committer once answered, which hashes them on another core while the association receives the next
    /// (from memory, or from the written file once <see cref="MaxUnhashedBytes"/> are waiting). Measured with
    /// bench/ingestion (five paired runs, docs/benchmarks.md): hashing 79 KB MR slices after the answer took 8-11 % off
    /// a study in four of them, while for 525 KB CT slices neither way won consistently and four associations on 2 cores
    /// were ~4 % slower (the sender, or the CPU, is the limit there, not the association's thread). Zero hashes every
    /// instance while received; <see cref="long.MaxValue"/> none.
    /// </summary>
    public long HashWhileReceivingAbove { get; set; } = 256 * 1024;

    /// <summary>
    /// Memory that received instances not hashed while received (<see cref="HashWhileReceivingAbove"/>) may hold while
    /// they wait for the committer to hash them. Beyond it the committer hashes their written files instead, so memory
    /// stays bounded however far hashing falls behind.
    /// </summary>
    public long MaxUnhashedBytes { get; set; } = 64L << 20;

    /// <summary>Instances indexed in one transaction.</summary>
    public int CommitBatchSize { get; set; } = 128;

    /// <summary>
    /// How long the index waits for a batch to fill while instances keep arriving (they are hashed meanwhile). A
    /// transaction per instance costs the index more than the instance itself; the end of an association or STOW-RS
    /// request cuts the wait short, so no sender waits for it. Zero commits whatever is queued at once.
    /// </summary>
    public TimeSpan CommitLinger { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// After this many bytes are written to the incoming folder, a thread of its own syncs the file system in the
    /// background, so the sync that makes an association's instances durable before its release is answered waits for
    /// the last of them only (at 32 MB the release's sync took 30-50 ms per MR study, at 8 MB 5-20 ms; each background
    /// sync costs ~20 ms of a thread that only waits). Zero: only the release syncs.
    /// </summary>
    public long BackgroundSyncBytes { get; set; } = 8L << 20;

    /// <summary>Received instances that may wait for indexing; beyond this, receiving waits (the bound on the backlog).</summary>
    public int CommitQueueLength { get; set; } = 256;
}
