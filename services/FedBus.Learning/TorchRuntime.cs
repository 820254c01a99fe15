using System.Runtime.InteropServices;
using TorchSharp;

namespace FedBus.Learning;

/// <summary>
/// The one start-up entry point for TorchSharp in a process. Call <see cref="Initialize"/> before any
/// tensor work; later calls with the same thread count are no-ops.
/// It handles the traps measured on these machines (docs/learning.md):
/// glibc malloc returning activations to the OS after every step (2.4–4× slower training; thread arenas' heaps too),
/// OpenMP threads busy-waiting on shared cores (up to 10× slower when other processes compete),
/// unpinned thread counts (non-reproducible training), and NNPACK's "Unsupported hardware" spam.
/// </summary>
public static class TorchRuntime
{
    // glibc <malloc.h>
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_TOP_PAD = -2;
    private const int M_MMAP_THRESHOLD = -3;
    private const int MmapThresholdBytes = 32 * 1024 * 1024;
    private const int TrimThresholdBytes = 1024 * 1024 * 1024;
    // A thread arena's heap that falls empty is unmapped unless the pad keeps it: inference's pool threads then faulted
    // their tensors' pages back in on every batch (page faults and zeroing were 8% of its CPU).
    private const int TopPadBytes = 64 * 1024 * 1024;

    private static readonly Lock Gate = new();
    private static int threads;

    /// <summary>Thread count pinned by <see cref="Initialize"/>; 0 before it ran.</summary>
    public static int Threads => threads;

    /// <summary>Whether glibc accepted both mallopt settings (false on non-glibc platforms).</summary>
    public static bool MallocTuned { get; private set; }

    /// <summary>Whether NNPACK was switched off through libtorch's context.</summary>
    public static bool NnpackDisabled { get; private set; }

    /// <summary>OMP_WAIT_POLICY in effect when libtorch's OpenMP runtime loaded (null = libgomp default: spin).</summary>
    public static string? OpenMpWaitPolicy { get; private set; }

    /// <summary>
    /// Tunes glibc malloc, makes OpenMP threads sleep instead of spin while waiting (unless the
    /// environment already sets OMP_WAIT_POLICY or GOMP_SPINCOUNT; <paramref name="passiveOpenMpWait"/>
    /// false keeps libgomp's spinning), loads libtorch, pins intra-op threads to
    /// <paramref name="threadCount"/> (one inter-op thread), asks for deterministic algorithms and turns
    /// NNPACK off. Call it before anything else touches TorchSharp: libgomp reads its environment once,
    /// when libtorch loads. Training is bit-reproducible only for a fixed thread count, so a second call
    /// with a different count is an error rather than a silent change.
    /// </summary>
    public static void Initialize(int threadCount = 2, bool passiveOpenMpWait = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        lock (Gate)
        {
            if (threads == threadCount) return;
            if (threads != 0)
                throw new InvalidOperationException(
                    $"TorchRuntime is already initialised with {threads} threads; asked for {threadCount}. " +
                    "The thread count is fixed per process so that training stays reproducible.");

            MallocTuned = TuneMalloc();
            OpenMpWaitPolicy = PrepareOpenMp(passiveOpenMpWait);
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is DllNotFoundException or NotSupportedException or TypeInitializationException)
            {
                throw new InvalidOperationException(
                    "libtorch could not be loaded. On Debian 12 libLibTorchSharp.so must have its GLIBCXX_3.4.32 " +
                    "requirement marked weak; the build does that (build/TorchSharpNative.targets) — check the " +
                    "project imports Directory.Build.targets and that runtimes/linux-x64/native is in the output.", e);
            }
            torch.set_num_threads(threadCount);
            try { torch.set_num_interop_threads(1); }
            catch (ExternalException) { /* already fixed once libtorch ran parallel work; harmless */ }
            NnpackDisabled = ConfigureContext();
            threads = threadCount;
        }
    }

    /// <summary>Throws when <see cref="Initialize"/> has not run; model code calls it first.</summary>
    internal static void EnsureInitialized()
    {
        if (threads == 0)
            throw new InvalidOperationException("Call TorchRuntime.Initialize(threads) once at start-up before using models.");
    }

    private static string? PrepareOpenMp(bool passive)
    {
        // .NET's Environment.SetEnvironmentVariable does not reach native getenv on Unix: use libc.
        var current = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        if (current is not null || Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is not null || !passive || !OperatingSystem.IsLinux())
            return current;
        try
        {
            return setenv("OMP_WAIT_POLICY", "PASSIVE", 0) == 0 ? "PASSIVE" : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static bool TuneMalloc()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(M_MMAP_THRESHOLD, MmapThresholdBytes) == 1 & mallopt(M_TRIM_THRESHOLD, TrimThresholdBytes) == 1
                   & mallopt(M_TOP_PAD, TopPadBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // musl has no mallopt; nothing to tune there
        }
    }

    /// <summary>
    /// TorchSharp 0.107 does not implement use_deterministic_algorithms, so this calls libtorch's context
    /// directly: deterministic algorithms on (warn only), without NaN-filling every fresh allocation
    /// (that fill costs time and buys nothing on CPU), and NNPACK off. Returns whether NNPACK is off.
    /// </summary>
    private static unsafe bool ConfigureContext()
    {
        if (!TryGetContext(out var lib, out var context)) return false;
        if (NativeLibrary.TryGetExport(lib, "_ZN2at7Context26setDeterministicAlgorithmsEbb", out var setDeterministic))
            ((delegate* unmanaged<nint, byte, byte, void>)setDeterministic)(context, 1, 1);
        if (NativeLibrary.TryGetExport(lib, "_ZN2at7Context39setDeterministicFillUninitializedMemoryEb", out var setFill))
            ((delegate* unmanaged<nint, byte, void>)setFill)(context, 0);
        if (!NativeLibrary.TryGetExport(lib, "_ZN2at7Context20setUserEnabledNNPACKEb", out var setNnpack)) return false;
        ((delegate* unmanaged<nint, byte, void>)setNnpack)(context, 0);
        return true;
    }

    private static unsafe bool TryGetContext(out nint lib, out nint context)
    {
        context = 0;
        if (!NativeLibrary.TryLoad(OperatingSystem.IsLinux() ? "libtorch_cpu.so" : "torch_cpu", out lib) ||
            !NativeLibrary.TryGetExport(lib, "_ZN2at13globalContextEv", out var globalContext))
            return false;
        context = ((delegate* unmanaged<nint>)globalContext)();
        return true;
    }

    private static unsafe bool? ReadContextFlag(string symbol)
    {
        EnsureInitialized();
        if (!TryGetContext(out var lib, out var context) || !NativeLibrary.TryGetExport(lib, symbol, out var getter)) return null;
        return ((delegate* unmanaged<nint, byte>)getter)(context) != 0;
    }

    /// <summary>libtorch's own view of the NNPACK switch (null when the symbols are not exported).</summary>
    public static bool? IsNnpackEnabledInLibtorch() => ReadContextFlag("_ZNK2at7Context17userEnabledNNPACKEv");

    /// <summary>libtorch's deterministic-algorithms flag (null when not exported).</summary>
    public static bool? AreDeterministicAlgorithmsEnabled() => ReadContextFlag("_ZNK2at7Context23deterministicAlgorithmsEv");

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);
}
