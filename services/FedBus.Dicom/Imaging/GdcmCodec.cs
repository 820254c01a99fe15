namespace FedBus.Dicom.Imaging;

/// <summary>
/// JPEG, JPEG-LS and JPEG 2000 decoding through GDCM's C# bindings (Debian package libgdcm-cil),
/// loaded at run time so the library builds and runs without them.
/// </summary>
/// <remarks>
/// By default frames are decoded in a separate worker process: GDCM (libjpeg / OpenJPEG inside)
/// aborts or corrupts the heap on some corrupt input, which must not take a service down. Set
/// <see cref="Isolated"/> to false to decode in-process (faster start, trusted data only).
/// </remarks>
public static class GdcmCodec
{
    private static readonly Lazy<GdcmBindings?> InProcess =
        new(() => GdcmBindings.TryLoad(GdcmBindings.DefaultDirectories, out loadError), LazyThreadSafetyMode.ExecutionAndPublication);

    // GDCM's codecs keep some global state; in-process decoding goes one frame at a time.
    private static readonly Lock DecodeGate = new();

    private static string? loadError;

    /// <summary>True when gdcm-sharp.dll and libgdcmsharpglue.so were found and load.</summary>
    public static bool IsAvailable => InProcess.Value is not null;

    /// <summary>Why GDCM is not available (null when it is).</summary>
    public static string? UnavailableReason => IsAvailable ? null : loadError;

    /// <summary>Decode in a worker process (default) rather than in this one.</summary>
    public static bool Isolated { get; set; } = true;

    /// <summary>Worker processes started so far (a crash on corrupt data costs one restart).</summary>
    public static int WorkerStarts => GdcmWorkerClient.Shared.Starts;

    /// <summary>Decodes one frame (the concatenated fragments of that frame).</summary>
    public static DecodedFrame Decode(DicomTransferSyntax syntax, DicomPixelData pixels, ReadOnlySpan<byte> compressed)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentNullException.ThrowIfNull(pixels);
        var bindings = InProcess.Value ?? throw Unavailable(syntax, loadError);
        var request = new GdcmFrameRequest(
            syntax.Uid, pixels.Rows, pixels.Columns, pixels.SamplesPerPixel, pixels.BitsAllocated, pixels.BitsStored,
            pixels.HighBit, pixels.IsSigned, pixels.PlanarConfiguration, pixels.PhotometricInterpretation,
            pixels.FrameLength, compressed.ToArray());

        GdcmFrameResult result;
        if (Isolated)
        {
            result = GdcmWorkerClient.Shared.Decode(request);
        }
        else
        {
            lock (DecodeGate)
            {
                result = bindings.Decode(request);
            }
        }

        if (result.Error is not null || result.Bytes is null)
        {
            throw new DicomCodecException(syntax, $"{syntax.Name}: {result.Error}");
        }

        if (result.Bytes.Length < pixels.FrameLength)
        {
            throw new DicomCodecException(syntax, $"{syntax.Name}: GDCM returned {result.Bytes.Length} bytes for a frame of {pixels.FrameLength}");
        }

        return new DecodedFrame(result.Bytes, result.PhotometricInterpretation, result.PlanarConfiguration);
    }

    internal static DicomCodecException Unavailable(DicomTransferSyntax syntax, string? reason) =>
        new(syntax, $"transfer syntax {syntax.Name} [{syntax.Uid}] needs GDCM ({GdcmBindings.InstallHint}): {reason}");

    internal static bool CanLoadFrom(IEnumerable<string> directories, out string? error) =>
        GdcmBindings.TryLoad(directories, out error) is not null;
}
