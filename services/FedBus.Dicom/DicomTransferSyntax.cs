using System.Collections.Frozen;

namespace FedBus.Dicom;

/// <summary>
/// A transfer syntax (PS3.5 §10, Annex A): how a data set is encoded. Known syntaxes are shared
/// instances; <see cref="Lookup"/> returns a new one for an unknown UID, assumed to be explicit VR
/// little endian with encapsulated pixel data, which is what every syntax added since 2000 is.
/// </summary>
public sealed class DicomTransferSyntax
{
    private static readonly FrozenDictionary<string, DicomTransferSyntax> Known;

    static DicomTransferSyntax()
    {
        ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", explicitVr: false);
        ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian");
        EncapsulatedUncompressedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", encapsulated: true);
        DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", deflated: true);
        ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", littleEndian: false);
        JPEGBaseline8Bit = new("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", encapsulated: true, lossy: true, codec: DicomCodecFamily.Jpeg);
        JPEGExtended12Bit = new("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", encapsulated: true, lossy: true, codec: DicomCodecFamily.Jpeg);
        JPEGLossless = new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", encapsulated: true, codec: DicomCodecFamily.Jpeg);
        JPEGLosslessSV1 = new("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", encapsulated: true, codec: DicomCodecFamily.Jpeg);
        JPEGLSLossless = new("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", encapsulated: true, codec: DicomCodecFamily.JpegLs);
        JPEGLSNearLossless = new("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", encapsulated: true, lossy: true, codec: DicomCodecFamily.JpegLs);
        JPEG2000Lossless = new("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", encapsulated: true, codec: DicomCodecFamily.Jpeg2000);
        JPEG2000 = new("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", encapsulated: true, lossy: true, codec: DicomCodecFamily.Jpeg2000);
        JPEG2000MCLossless = new("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", encapsulated: true, codec: DicomCodecFamily.Jpeg2000);
        JPEG2000MC = new("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", encapsulated: true, lossy: true, codec: DicomCodecFamily.Jpeg2000);
        HTJ2KLossless = new("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", encapsulated: true, codec: DicomCodecFamily.Jpeg2000);
        HTJ2KLosslessRPCL = new("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", encapsulated: true, codec: DicomCodecFamily.Jpeg2000);
        HTJ2K = new("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", encapsulated: true, lossy: true, codec: DicomCodecFamily.Jpeg2000);
        RLELossless = new("1.2.840.10008.1.2.5", "RLE Lossless", encapsulated: true, codec: DicomCodecFamily.Rle);
        MPEG2MPML = new("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", encapsulated: true, lossy: true, codec: DicomCodecFamily.Video);
        MPEG2MPHL = new("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", encapsulated: true, lossy: true, codec: DicomCodecFamily.Video);
        MPEG4HP41 = new("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", encapsulated: true, lossy: true, codec: DicomCodecFamily.Video);
        MPEG4HP41BD = new("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", encapsulated: true, lossy: true, codec: DicomCodecFamily.Video);
        MPEG4HP422D = new("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", encapsulated: true, lossy: true, codec: DicomCodecFamily.Video);
        MPEG4HP423D = new("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", encapsulated: true, lossy: true, codec: DicomCodecFamily.Video);
        MPEG4HP42Stereo = new("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", encapsulated: true, lossy: true, codec: DicomCodecFamily.Video);
        HEVCMP51 = new("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", encapsulated: true, lossy: true, codec: DicomCodecFamily.Video);
        HEVCM10P51 = new("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", encapsulated: true, lossy: true, codec: DicomCodecFamily.Video);

        All =
        [
            ImplicitVRLittleEndian, ExplicitVRLittleEndian, EncapsulatedUncompressedExplicitVRLittleEndian,
            DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian, JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLossless,
            JPEGLosslessSV1, JPEGLSLossless, JPEGLSNearLossless, JPEG2000Lossless, JPEG2000, JPEG2000MCLossless,
            JPEG2000MC, HTJ2KLossless, HTJ2KLosslessRPCL, HTJ2K, RLELossless, MPEG2MPML, MPEG2MPHL, MPEG4HP41,
            MPEG4HP41BD, MPEG4HP422D, MPEG4HP423D, MPEG4HP42Stereo, HEVCMP51, HEVCM10P51,
        ];
        Known = All.ToFrozenDictionary(ts => ts.Uid, StringComparer.Ordinal);
    }

    private DicomTransferSyntax(
        string uid,
        string name,
        bool explicitVr = true,
        bool littleEndian = true,
        bool deflated = false,
        bool encapsulated = false,
        bool lossy = false,
        DicomCodecFamily codec = DicomCodecFamily.None,
        bool known = true)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVr;
        IsLittleEndian = littleEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
        IsLossy = lossy;
        CodecFamily = codec;
        IsKnown = known;
    }

    public string Uid { get; }

    public string Name { get; }

    public bool IsExplicitVR { get; }

    public bool IsLittleEndian { get; }

    public bool IsBigEndian => !IsLittleEndian;

    /// <summary>The data set after the file meta information is deflated (RFC 1951, no zlib header).</summary>
    public bool IsDeflated { get; }

    /// <summary>Pixel data is a sequence of fragments (compressed or encapsulated uncompressed).</summary>
    public bool IsEncapsulated { get; }

    public bool IsLossy { get; }

    /// <summary>Which decoder family the pixel data needs.</summary>
    public DicomCodecFamily CodecFamily { get; }

    /// <summary>False for a UID this library does not know (treated as explicit VR LE, encapsulated).</summary>
    public bool IsKnown { get; }

    public static DicomTransferSyntax ImplicitVRLittleEndian { get; }
    public static DicomTransferSyntax ExplicitVRLittleEndian { get; }
    public static DicomTransferSyntax EncapsulatedUncompressedExplicitVRLittleEndian { get; }
    public static DicomTransferSyntax DeflatedExplicitVRLittleEndian { get; }
    public static DicomTransferSyntax ExplicitVRBigEndian { get; }
    public static DicomTransferSyntax JPEGBaseline8Bit { get; }
    public static DicomTransferSyntax JPEGExtended12Bit { get; }
    public static DicomTransferSyntax JPEGLossless { get; }
    public static DicomTransferSyntax JPEGLosslessSV1 { get; }
    public static DicomTransferSyntax JPEGLSLossless { get; }
    public static DicomTransferSyntax JPEGLSNearLossless { get; }
    public static DicomTransferSyntax JPEG2000Lossless { get; }
    public static DicomTransferSyntax JPEG2000 { get; }
    public static DicomTransferSyntax JPEG2000MCLossless { get; }
    public static DicomTransferSyntax JPEG2000MC { get; }
    public static DicomTransferSyntax HTJ2KLossless { get; }
    public static DicomTransferSyntax HTJ2KLosslessRPCL { get; }
    public static DicomTransferSyntax HTJ2K { get; }
    public static DicomTransferSyntax RLELossless { get; }
    public static DicomTransferSyntax MPEG2MPML { get; }
    public static DicomTransferSyntax MPEG2MPHL { get; }
    public static DicomTransferSyntax MPEG4HP41 { get; }
    public static DicomTransferSyntax MPEG4HP41BD { get; }
    public static DicomTransferSyntax MPEG4HP422D { get; }
    public static DicomTransferSyntax MPEG4HP423D { get; }
    public static DicomTransferSyntax MPEG4HP42Stereo { get; }
    public static DicomTransferSyntax HEVCMP51 { get; }
    public static DicomTransferSyntax HEVCM10P51 { get; }

    /// <summary>Every transfer syntax this library knows.</summary>
    public static IReadOnlyList<DicomTransferSyntax> All { get; }

    /// <summary>
    /// The transfer syntax for a UID. Unknown UIDs give an explicit VR little endian, encapsulated
    /// syntax (<see cref="IsKnown"/> false): data sets still parse, pixel data stays opaque.
    /// </summary>
    public static DicomTransferSyntax Lookup(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var trimmed = uid.TrimEnd('\0', ' ');
        return Known.TryGetValue(trimmed, out var ts)
            ? ts
            : new DicomTransferSyntax(trimmed, "Unknown transfer syntax " + trimmed, encapsulated: true, known: false);
    }

    /// <summary>The known transfer syntax for a UID, or null.</summary>
    public static DicomTransferSyntax? TryLookup(string uid) =>
        Known.TryGetValue(uid.TrimEnd('\0', ' '), out var ts) ? ts : null;

    public override string ToString() => $"{Name} [{Uid}]";

    public override bool Equals(object? obj) => obj is DicomTransferSyntax other && other.Uid == Uid;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Uid);
}
