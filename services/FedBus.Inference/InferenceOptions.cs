namespace FedBus.Inference;

/// <summary>Configuration section "FedBus:Inference": the service's own settings (the tasks are under FedBus:Tasks).</summary>
public sealed class InferenceOptions
{
    public const string Section = "FedBus:Inference";

    /// <summary>libtorch intra-op threads, pinned once per process (a composed host keeps whatever was pinned first).</summary>
    public int TorchThreads { get; set; } = 2;

    /// <summary>Instances of one study read and decoded at a time.</summary>
    public int MaxConcurrentInstances { get; set; } = 4;
}
