using System.Collections.Concurrent;
using FedBus.Aggregation.Strategies;
using FedBus.Learning;

namespace FedBus.Aggregation.Registry;

/// <summary>
/// The tensor layout a model's weights must have: built once per architecture from the network itself
/// (<c>ModelSpec.Parse(id).CreateModel(0).ExportWeights()</c>), which is the layout sites train and import.
/// </summary>
public sealed class ExpectedLayouts(AggregationOptions options)
{
    private readonly ConcurrentDictionary<string, ModelLayout> layouts = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>The layout of <paramref name="spec"/>'s network (TorchSharp is initialised here on first use).</summary>
    public ModelLayout For(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (layouts.TryGetValue(spec.ArchitectureId, out var known)) return known;
        lock (gate)
        {
            if (layouts.TryGetValue(spec.ArchitectureId, out known)) return known;
            EnsureTorch(options.TorchThreads);
            using var model = spec.CreateModel(0);
            return layouts[spec.ArchitectureId] = ModelLayout.Of(model.ExportWeights());
        }
    }

    private static void EnsureTorch(int threads)
    {
        if (TorchRuntime.Threads != 0) return;
        try
        {
            TorchRuntime.Initialize(threads);
        }
        catch (InvalidOperationException) when (TorchRuntime.Threads != 0)
        {
            // Another service composed in this process pinned TorchSharp first, with its own thread count: use it.
        }
    }
}
