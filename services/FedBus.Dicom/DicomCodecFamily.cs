namespace FedBus.Dicom;

/// <summary>The kind of decoder a transfer syntax's pixel data needs.</summary>
public enum DicomCodecFamily
{
    /// <summary>Native (uncompressed) pixel data, or encapsulated uncompressed.</summary>
    None,

    /// <summary>RLE Lossless (PS3.5 Annex G), decoded in managed code.</summary>
    Rle,

    /// <summary>JPEG (ISO 10918-1) baseline, extended and lossless: decoded through GDCM.</summary>
    Jpeg,

    /// <summary>JPEG-LS: decoded through GDCM.</summary>
    JpegLs,

    /// <summary>JPEG 2000 (and HTJ2K): decoded through GDCM (HTJ2K needs a GDCM newer than Debian 12's).</summary>
    Jpeg2000,

    /// <summary>MPEG-2/H.264/H.265 video: stored and forwarded only, never decoded here.</summary>
    Video,
}
