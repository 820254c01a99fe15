namespace FedBus.Dicom.Imaging;

/// <summary>A decoded frame, or why it could not be decoded (shared with the worker process).</summary>
internal sealed record GdcmFrameResult(byte[]? Bytes, string PhotometricInterpretation, int PlanarConfiguration, string? Error)
{
    public static GdcmFrameResult Failed(string error) => new(null, string.Empty, 0, error);
}
