using System.Reflection;
using System.Runtime.InteropServices;

namespace FedBus.Dicom.Imaging;

/// <summary>
/// GDCM's C# bindings (Debian libgdcm-cil) driven through reflection, so nothing references them
/// at compile time. Compiled into FedBus.Dicom and into the decoding worker process.
/// </summary>
/// <remarks>
/// Traps handled: SWIG wrappers of objects GDCM reference-counts itself (SequenceOfFragments)
/// must not also be freed by the .NET finalizer; every wrapper stays alive until the decoded
/// buffer is copied out. Only codecs are used, never GDCM's networking (it aborts the process).
/// </remarks>
internal sealed class GdcmBindings
{
    public const string InstallHint = "apt-get install libgdcm-cil";

    private readonly Assembly assembly;
    private readonly Type imageType;
    private readonly Type transferSyntaxType;
    private readonly Type photometricType;
    private readonly FieldInfo ownsMemory;

    private GdcmBindings(Assembly assembly)
    {
        this.assembly = assembly;
        imageType = Find("Image");
        transferSyntaxType = Find("TransferSyntax");
        photometricType = Find("PhotometricInterpretation");
        ownsMemory = Find("Object").GetField("swigCMemOwn", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("gdcm.Object.swigCMemOwn not found: unexpected gdcm-sharp build");
    }

    public static IReadOnlyList<string> DefaultDirectories { get; } =
    [
        Environment.GetEnvironmentVariable("FEDBUS_GDCM_DIR") ?? string.Empty,
        AppContext.BaseDirectory,
        "/usr/lib/cli/gdcm-sharp-3.0",
    ];

    public static GdcmBindings? TryLoad(IEnumerable<string> directories, out string? error)
    {
        var searched = directories.Where(d => d.Length > 0).Distinct().ToList();
        foreach (var dir in searched)
        {
            var managed = Path.Combine(dir, "gdcm-sharp.dll");
            if (!File.Exists(managed))
            {
                continue;
            }

            var native = Path.Combine(dir, "libgdcmsharpglue.so");
            if (!File.Exists(native))
            {
                native = Path.Combine("/usr/lib/cli/gdcm-sharp-3.0", "libgdcmsharpglue.so");
            }

            try
            {
                var assembly = Assembly.LoadFrom(managed);
                NativeLibrary.SetDllImportResolver(assembly, (name, _, _) =>
                    name.Contains("gdcmsharpglue", StringComparison.Ordinal) && File.Exists(native)
                        ? NativeLibrary.Load(native)
                        : IntPtr.Zero);
                var bindings = new GdcmBindings(assembly);
                bindings.Probe();
                error = null;
                return bindings;
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

    public GdcmFrameResult Decode(GdcmFrameRequest request)
    {
        var tsEnum = transferSyntaxType.GetMethod("GetTSType")!.Invoke(null, [request.TransferSyntaxUid])!;
        if (tsEnum.ToString() is "TS_END" or "TS_Unknown")
        {
            return GdcmFrameResult.Failed($"this GDCM does not know transfer syntax {request.TransferSyntaxUid}");
        }

        var piEnum = photometricType.GetMethod("GetPIType")!.Invoke(null, [request.PhotometricInterpretation])!;
        dynamic image = Activator.CreateInstance(imageType)!;
        dynamic element = New("DataElement", New("Tag", (ushort)0x7FE0, (ushort)0x0010));
        dynamic fragment = New("Fragment");
        dynamic fragments = New("SequenceOfFragments");
        try
        {
            image.SetNumberOfDimensions(2u);
            image.SetDimension(0u, (uint)request.Columns);
            image.SetDimension(1u, (uint)request.Rows);
            dynamic format = New("PixelFormat", (ushort)request.SamplesPerPixel, (ushort)request.BitsAllocated,
                (ushort)request.BitsStored, (ushort)request.HighBit, (ushort)(request.Signed ? 1 : 0));
            image.SetPixelFormat(format);
            image.SetPhotometricInterpretation((dynamic)New("PhotometricInterpretation", piEnum));
            image.SetPlanarConfiguration((uint)request.PlanarConfiguration);
            image.SetTransferSyntax((dynamic)New("TransferSyntax", tsEnum));
            fragment.SetByteValue(request.Compressed, (dynamic)New("VL", (uint)request.Compressed.Length));
            fragments.AddFragment(fragment);
            element.SetValue(fragments);

            // The DataElement's smart pointer owns the fragments now; the finalizer must not free them too.
            ownsMemory.SetValue((object)fragments, false);
            element.SetVLToUndefined();
            image.SetDataElement(element);

            uint length = image.GetBufferLength();
            if (length == 0 || length < request.ExpectedLength)
            {
                return GdcmFrameResult.Failed($"GDCM reports {length} decoded bytes for a frame of {request.ExpectedLength}");
            }

            var output = new byte[length];
            bool ok = image.GetBuffer(output);
            if (!ok)
            {
                return GdcmFrameResult.Failed($"GDCM could not decode the frame ({request.Compressed.Length} bytes of {request.TransferSyntaxUid})");
            }

            string pi = image.GetPhotometricInterpretation().GetString();
            uint planar = image.GetPlanarConfiguration();
            if (length > request.ExpectedLength)
            {
                Array.Resize(ref output, (int)request.ExpectedLength);
            }

            return new GdcmFrameResult(output, pi.Trim(), (int)planar, null);
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

    private void Probe() => _ = New("PixelFormat", (ushort)1, (ushort)8, (ushort)8, (ushort)7, (ushort)0);

    private object New(string type, params object[] args) =>
        Activator.CreateInstance(Find(type), args) ?? throw new InvalidOperationException($"cannot create gdcm.{type}");

    private Type Find(string name) =>
        assembly.GetType("gdcm." + name) ?? throw new TypeLoadException($"gdcm.{name} not found in {assembly.Location}");
}
