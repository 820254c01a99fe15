using System.Reflection;
using System.Runtime.InteropServices;

namespace FedBus.Dicom.Imaging;

/// <summary>
/// JPEG, JPEG-LS and JPEG 2000 decoding through GDCM's C# bindings (Debian package libgdcm-cil),
/// loaded at run time so the library builds and runs without them. Only GDCM's codecs are used,
/// never its networking (which aborts the process).
/// </summary>
/// <remarks>
/// Traps handled here: the SWIG wrappers of GDCM objects that GDCM reference-counts internally
/// (SequenceOfFragments) must not also be freed by the .NET finalizer, and every wrapper must
/// stay alive until the decoded buffer has been copied out.
/// </remarks>
public static class GdcmCodec
{
    private const string InstallHint = "apt-get install libgdcm-cil";

    private static readonly string[] SearchDirectories =
    [
        Environment.GetEnvironmentVariable("FEDBUS_GDCM_DIR") ?? string.Empty,
        AppContext.BaseDirectory,
        "/usr/lib/cli/gdcm-sharp-3.0",
    ];

    private static readonly Lazy<Runtime?> Loaded = new(() => TryLoad(SearchDirectories, out loadError), LazyThreadSafetyMode.ExecutionAndPublication);

    // GDCM's codecs keep some global state; decoding one frame at a time is the safe choice.
    private static readonly Lock DecodeGate = new();

    private static string? loadError;

    /// <summary>True when gdcm-sharp.dll and libgdcmsharpglue.so were found and loaded.</summary>
    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>Why GDCM is not available (null when it is).</summary>
    public static string? UnavailableReason => IsAvailable ? null : loadError;

    /// <summary>Decodes one frame (the concatenated fragments of that frame).</summary>
    public static DecodedFrame Decode(DicomTransferSyntax syntax, DicomPixelData pixels, ReadOnlySpan<byte> compressed)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentNullException.ThrowIfNull(pixels);
        var rt = Loaded.Value ?? throw Unavailable(syntax, loadError);

        var bytes = compressed.ToArray();
        lock (DecodeGate)
        {
            return rt.Decode(syntax, pixels, bytes);
        }
    }

    internal static DicomCodecException Unavailable(DicomTransferSyntax syntax, string? reason) =>
        new(syntax, $"transfer syntax {syntax.Name} [{syntax.Uid}] needs GDCM ({InstallHint}): {reason}");

    internal static bool CanLoadFrom(IEnumerable<string> directories, out string? error) =>
        TryLoad(directories, out error) is not null;

    private static Runtime? TryLoad(IEnumerable<string> directories, out string? error)
    {
        var searched = directories.Where(d => d.Length > 0).Distinct().ToList();
        foreach (var dir in searched)
        {
            var managed = Path.Combine(dir, "gdcm-sharp.dll");
            var native = Path.Combine(dir, "libgdcmsharpglue.so");
            if (!File.Exists(managed))
            {
                continue;
            }

            if (!File.Exists(native))
            {
                native = Path.Combine("/usr/lib/cli/gdcm-sharp-3.0", "libgdcmsharpglue.so");
            }

            try
            {
                var assembly = Assembly.LoadFrom(managed);
                var nativePath = native;
                NativeLibrary.SetDllImportResolver(assembly, (name, _, _) =>
                    name.Contains("gdcmsharpglue", StringComparison.Ordinal) && File.Exists(nativePath)
                        ? NativeLibrary.Load(nativePath)
                        : IntPtr.Zero);
                var runtime = new Runtime(assembly);
                runtime.Probe();
                error = null;
                return runtime;
            }
            catch (Exception ex) when (ex is IOException or BadImageFormatException or TypeLoadException or DllNotFoundException
                or EntryPointNotFoundException or TargetInvocationException or InvalidOperationException or TypeInitializationException)
            {
                error = $"loading {managed} failed: {ex.GetBaseException().Message}";
                return null;
            }
        }

        error = $"gdcm-sharp.dll not found in {string.Join(", ", searched)}";
        return null;
    }

    /// <summary>The loaded bindings, used through reflection (no compile-time reference).</summary>
    private sealed class Runtime(Assembly assembly)
    {
        private readonly Type imageType = Find(assembly, "Image");
        private readonly Type transferSyntaxType = Find(assembly, "TransferSyntax");
        private readonly Type photometricType = Find(assembly, "PhotometricInterpretation");
        private readonly FieldInfo ownsMemory = Find(assembly, "Object").GetField("swigCMemOwn", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("gdcm.Object.swigCMemOwn not found: unexpected gdcm-sharp build");

        public void Probe() => _ = New("PixelFormat", (ushort)1, (ushort)8, (ushort)8, (ushort)7, (ushort)0);

        public DecodedFrame Decode(DicomTransferSyntax syntax, DicomPixelData pixels, byte[] compressed)
        {
            var tsEnum = transferSyntaxType.GetMethod("GetTSType")!.Invoke(null, [syntax.Uid])!;
            if (tsEnum.ToString() is "TS_END" or "TS_Unknown")
            {
                throw new DicomCodecException(syntax, $"this GDCM does not know transfer syntax {syntax.Name} [{syntax.Uid}]");
            }

            var piEnum = photometricType.GetMethod("GetPIType")!.Invoke(null, [pixels.PhotometricInterpretation])!;
            dynamic image = Activator.CreateInstance(imageType)!;
            dynamic element = New("DataElement", New("Tag", (ushort)0x7FE0, (ushort)0x0010));
            dynamic fragment = New("Fragment");
            dynamic fragments = New("SequenceOfFragments");
            try
            {
                image.SetNumberOfDimensions(2u);
                image.SetDimension(0u, (uint)pixels.Columns);
                image.SetDimension(1u, (uint)pixels.Rows);
                dynamic format = New("PixelFormat", (ushort)pixels.SamplesPerPixel, (ushort)pixels.BitsAllocated,
                    (ushort)pixels.BitsStored, (ushort)pixels.HighBit, (ushort)(pixels.IsSigned ? 1 : 0));
                image.SetPixelFormat(format);
                image.SetPhotometricInterpretation((dynamic)New("PhotometricInterpretation", piEnum));
                image.SetPlanarConfiguration((uint)pixels.PlanarConfiguration);
                image.SetTransferSyntax((dynamic)New("TransferSyntax", tsEnum));
                fragment.SetByteValue(compressed, (dynamic)New("VL", (uint)compressed.Length));
                fragments.AddFragment(fragment);
                element.SetValue(fragments);

                // The DataElement's smart pointer owns the fragments now; the finalizer must not free them too.
                ownsMemory.SetValue((object)fragments, false);
                element.SetVLToUndefined();
                image.SetDataElement(element);

                uint length = image.GetBufferLength();
                var expected = pixels.FrameLength;
                if (length == 0 || length < expected)
                {
                    throw new DicomCodecException(syntax, $"GDCM reports {length} decoded bytes for a frame of {expected}");
                }

                var output = new byte[length];
                bool ok = image.GetBuffer(output);
                if (!ok)
                {
                    throw new DicomCodecException(syntax, $"GDCM could not decode the {syntax.Name} frame ({compressed.Length} bytes)");
                }

                string pi = image.GetPhotometricInterpretation().GetString();
                uint planar = image.GetPlanarConfiguration();
                if (length > expected)
                {
                    Array.Resize(ref output, (int)expected);
                }

                return new DecodedFrame(output, pi.Trim(), (int)planar);
            }
            finally
            {
                // Image first (drops its copy of the element), then the element (frees the fragments).
                ((IDisposable)image).Dispose();
                ((IDisposable)element).Dispose();
                ((IDisposable)fragment).Dispose();
                GC.KeepAlive(fragments);
            }
        }

        private object New(string type, params object[] args) =>
            Activator.CreateInstance(Find(assembly, type), args)
            ?? throw new InvalidOperationException($"cannot create gdcm.{type}");

        private static Type Find(Assembly assembly, string name) =>
            assembly.GetType("gdcm." + name) ?? throw new TypeLoadException($"gdcm.{name} not found in {assembly.Location}");
    }
}
