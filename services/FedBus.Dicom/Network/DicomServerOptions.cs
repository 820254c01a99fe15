using System.Collections.Frozen;
using System.Net;

namespace FedBus.Dicom.Network;

/// <summary>Configuration of a <see cref="DicomServer"/> (C-ECHO and C-STORE SCP).</summary>
public sealed class DicomServerOptions
{
    /// <summary>Our AE title; the called AE title of every accepted association.</summary>
    public string AeTitle { get; set; } = "FEDBUS";

    /// <summary>TCP port; 0 picks a free one (read it from <see cref="DicomServer.Port"/> after start).</summary>
    public int Port { get; set; } = 11112;

    public IPAddress BindAddress { get; set; } = IPAddress.Any;

    /// <summary>Reject (permanent, called AE title not recognized) when the called AE title is not <see cref="AeTitle"/>.</summary>
    public bool RequireCalledAeTitle { get; set; } = true;

    /// <summary>When set, only these calling AE titles are accepted (others: calling AE title not recognized).</summary>
    public IReadOnlySet<string>? AllowedCallingAeTitles { get; set; }

    /// <summary>Established associations at once; one more is rejected (transient, local limit exceeded).</summary>
    public int MaxAssociations { get; set; } = 32;

    /// <summary>Largest P-DATA-TF PDU we accept (announced in the A-ASSOCIATE-AC); larger ones are answered with A-ABORT.</summary>
    public uint MaxPduLength { get; set; } = 1024 * 1024;

    /// <summary>
    /// Largest data set one C-STORE may carry. A bigger one is received and discarded (never buffered) and answered
    /// with status 0xA700 (refused: out of resources); the association stays usable.
    /// </summary>
    public long MaxObjectSize { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Data sets up to this size stay in memory; bigger ones spill to a temporary file in <see cref="SpoolDirectory"/>.</summary>
    public long MemorySpoolThreshold { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// When the store handler gives a prefix to hash (<see cref="IDicomStoreHandler.StorePrefix"/>), data sets up to this
    /// size are not hashed while received (<see cref="DicomStoreRequest.Sha256"/> is null for them): the handler hashes
    /// them itself, e.g. off the answer path. Zero hashes every one.
    /// </summary>
    public long HashWhileReceivingAbove { get; set; }

    /// <summary>Where spill files go (deleted on close); the system temp folder when null.</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>
    /// How many associations (without TLS) at once get a thread of their own whose reads block, as DCMTK's storescp
    /// serves a connection: the kernel then wakes that thread when a PDU arrives, instead of the socket engine's thread
    /// and then a pool thread. On a 2-core VM that cut the time from one C-STORE response to the next request's data by
    /// a quarter (storescu sending 1,000 MR slices: 230 to 168 µs each, and the study 14 % sooner). With more
    /// associations than that the CPU, not the wake-ups, is what they wait for, and more threads only switch more
    /// (4 CT associations on 2 cores took 4-14 % longer, each on a thread of its own): the others run on the thread pool
    /// with asynchronous reads. Default: half the cores, at least one; 0 puts every association on the pool.
    /// </summary>
    public int AssociationThreads { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>When set, every connection is TLS (Non-Downgrading BCP 195); a peer that does not complete the handshake is closed.</summary>
    public DicomTlsOptions? Tls { get; set; }

    /// <summary>An established association that sends nothing for this long is aborted.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>ARTIM (PS3.8 §9.1.5): how long we wait for the A-ASSOCIATE-RQ, and for the peer to close after RJ/RP/ABORT.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Abstract syntaxes we accept (Verification is always accepted). Defaults to every storage SOP class.</summary>
    public IReadOnlySet<string> AcceptedSopClasses { get; set; } = DefaultSopClasses;

    /// <summary>Accept any abstract syntax (like DCMTK storescp --promiscuous), e.g. vendors' private storage classes.</summary>
    public bool AcceptAnySopClass { get; set; }

    /// <summary>
    /// Transfer syntaxes we accept. Within one presentation context we take the proposer's first accepted syntax,
    /// except that Explicit VR Little Endian is preferred to Implicit VR Little Endian and Explicit VR Big Endian.
    /// </summary>
    public IReadOnlySet<string> AcceptedTransferSyntaxes { get; set; } = DefaultTransferSyntaxes;

    public string ImplementationClassUid { get; set; } = DicomNetworkUids.ImplementationClassUid;

    public string ImplementationVersionName { get; set; } = DicomNetworkUids.ImplementationVersionName;

    /// <summary>
    /// Optional log sink (rejections, aborts, handler failures); called from many associations at once. Messages name
    /// associations by AE titles, peer and id, and C-STORE requests by message id, never by SOP instance UID; an
    /// exception thrown by the store handler is passed on (with its message) as it is.
    /// </summary>
    public Action<DicomLogLevel, string, Exception?>? Log { get; set; }

    /// <summary>Every storage SOP class DCMTK 3.6.7 knows, retired ones included (<see cref="DicomUid.StorageSopClasses"/>).</summary>
    public static IReadOnlySet<string> DefaultSopClasses { get; } = DicomUid.StorageSopClasses.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Uncompressed plus the common compressed syntaxes; bytes are stored as they arrive.</summary>
    public static IReadOnlySet<string> DefaultTransferSyntaxes { get; } = new[]
    {
        DicomNetworkUids.ExplicitVRLittleEndian,
        DicomNetworkUids.ImplicitVRLittleEndian,
        DicomNetworkUids.DeflatedExplicitVRLittleEndian,
        DicomNetworkUids.JpegBaseline8Bit,
        DicomNetworkUids.JpegExtended12Bit,
        DicomNetworkUids.JpegLossless,
        DicomNetworkUids.JpegLosslessSV1,
        DicomNetworkUids.JpegLSLossless,
        DicomNetworkUids.JpegLSNearLossless,
        DicomNetworkUids.Jpeg2000Lossless,
        DicomNetworkUids.Jpeg2000,
        DicomNetworkUids.RleLossless,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        AeTitles.Validate(AeTitle, nameof(AeTitle));
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"{nameof(Port)} is {Port}; it must be 0 (pick a free port) or 1-65535.", nameof(Port));
        }

        if (MaxAssociations < 1)
        {
            throw new ArgumentException($"{nameof(MaxAssociations)} is {MaxAssociations}; it must be at least 1.", nameof(MaxAssociations));
        }

        if (MaxPduLength < 4096)
        {
            throw new ArgumentException($"{nameof(MaxPduLength)} is {MaxPduLength}; DICOM peers expect at least 4096.", nameof(MaxPduLength));
        }

        if (HashWhileReceivingAbove < 0)
        {
            throw new ArgumentException($"{nameof(HashWhileReceivingAbove)} is {HashWhileReceivingAbove}; it must not be negative.", nameof(HashWhileReceivingAbove));
        }

        if (MaxObjectSize < 1 || MemorySpoolThreshold < 0)
        {
            throw new ArgumentException($"{nameof(MaxObjectSize)} ({MaxObjectSize}) must be positive and {nameof(MemorySpoolThreshold)} ({MemorySpoolThreshold}) not negative.");
        }

        if (IdleTimeout <= TimeSpan.Zero || ArtimTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(IdleTimeout)} ({IdleTimeout}) and {nameof(ArtimTimeout)} ({ArtimTimeout}) must be positive.");
        }

        Tls?.Validate();

        if (AllowedCallingAeTitles is { } allowed)
        {
            foreach (var title in allowed)
            {
                AeTitles.Validate(title, nameof(AllowedCallingAeTitles));
            }
        }
    }
}
