namespace FedBus.Dicom.Imaging;

/// <summary>
/// One frame of native pixel data: little endian samples, laid out as
/// <paramref name="PlanarConfiguration"/> says (0 interleaved, 1 one plane per sample), in the
/// colour space <paramref name="PhotometricInterpretation"/> (a decoder may change it, e.g. JPEG
/// YBR_FULL_422 comes out as RGB).
/// </summary>
public sealed record DecodedFrame(byte[] Bytes, string PhotometricInterpretation, int PlanarConfiguration);
