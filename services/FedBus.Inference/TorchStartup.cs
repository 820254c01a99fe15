using FedBus.Learning;

namespace FedBus.Inference;

/// <summary>
/// Initialises TorchSharp once per process. A composed host may have pinned it already (training, another site of the
/// embedded demo): then that thread count stays — the runtime is one per process and pinning it twice is an error.
/// </summary>
internal static class TorchStartup
{
    public static void Ensure(int threads)
    {
        if (TorchRuntime.Threads != 0) return;
        try
        {
            TorchRuntime.Initialize(threads);
        }
        catch (InvalidOperationException) when (TorchRuntime.Threads != 0)
        {
            // Another host in this process won the race with its own thread count; use it.
        }
    }
}
