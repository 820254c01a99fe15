using FedBus.Inference.Batching;
using FedBus.Inference.Models;
using Microsoft.Extensions.Logging;

namespace FedBus.Inference;

/// <summary>The site's configured tasks (FedBus:Tasks), each with its model slot and batcher. One per host.</summary>
public sealed class InferenceTasks : IDisposable
{
    public InferenceTasks(IReadOnlyDictionary<string, InferenceTaskOptions> configured, ILoggerFactory loggers)
    {
        var tasks = new List<InferenceTask>();
        foreach (var (name, options) in configured.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Validate(name, options);
            var slot = new ModelSlot(name, options);
            tasks.Add(new InferenceTask(name, options, slot, new PredictionBatcher(slot, loggers.CreateLogger($"FedBus.Inference.Batcher.{name}"))));
        }
        All = tasks;
        if (tasks.Count == 0) InferenceLog.NoTasks(loggers.CreateLogger<InferenceTasks>());
    }

    public IReadOnlyList<InferenceTask> All { get; }

    public void Dispose()
    {
        foreach (var t in All)
        {
            t.Batcher.Dispose();
            // Native memory: a composed process (the embedded demo) may stop one site host and keep running.
            t.Slot.Clear();
        }
    }

    private static void Validate(string name, InferenceTaskOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.ModelId)) throw new InvalidOperationException($"FedBus:Tasks:{name}:ModelId is not set.");
        if (o.InputSize < 16 || o.InputSize % 8 != 0) throw new InvalidOperationException($"FedBus:Tasks:{name}:InputSize must be a multiple of 8 from 16, got {o.InputSize}.");
        if (o.McPasses is < 1 or > 64) throw new InvalidOperationException($"FedBus:Tasks:{name}:McPasses must be 1..64, got {o.McPasses}.");
        if (o.MaxBatchSize is < 1 or > 256) throw new InvalidOperationException($"FedBus:Tasks:{name}:MaxBatchSize must be 1..256, got {o.MaxBatchSize}.");
        if (o.MaxBatchWait < TimeSpan.Zero || o.MaxBatchWait > TimeSpan.FromSeconds(5)) throw new InvalidOperationException($"FedBus:Tasks:{name}:MaxBatchWait must be 0..5 s, got {o.MaxBatchWait}.");
    }
}
