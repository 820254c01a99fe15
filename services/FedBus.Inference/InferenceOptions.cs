namespace FedBus.Inference;

/// <summary>Configuration section "FedBus:Inference": the service's own settings (the tasks are under FedBus:Tasks).</summary>
public sealed class InferenceOptions
{
    public const string Section = "FedBus:Inference";

    /// <summary>libtorch intra-op threads, pinned once per process (a composed host keeps whatever was pinned first).</summary>
    public int TorchThreads { get; set; } = 2;

    /// <summary>Instances of one study read and decoded at a time.</summary>
    public int MaxConcurrentInstances { get; set; } = 4;

    /// <summary>
    /// Studies consumed at a time by one replica. 0 (the default): twice the largest MaxBatchSize of the tasks, at least
    /// 8, so the next batch gathers while one runs.
    /// </summary>
    public int MaxConcurrentStudies { get; set; }

    /// <summary>Fills in <see cref="MaxConcurrentStudies"/> when it was left to the service; rejects a negative one.</summary>
    public void ResolveConcurrency(IEnumerable<InferenceTaskOptions> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (MaxConcurrentStudies < 0)
            throw new InvalidOperationException($"{Section}:{nameof(MaxConcurrentStudies)} is {MaxConcurrentStudies}; it must be 0 (automatic) or more.");
        if (MaxConcurrentStudies == 0)
            MaxConcurrentStudies = Math.Max(8, 2 * tasks.Select(t => t.MaxBatchSize).DefaultIfEmpty(0).Max());
    }
}
