namespace FedBus.AnnotationRequest.Tasks;

/// <summary>Deadlines of the task lifecycle (configuration section <c>FedBus:AnnotationRequest:Lifecycle</c>).</summary>
public sealed class LifecycleOptions
{
    public const string Section = "FedBus:AnnotationRequest:Lifecycle";

    /// <summary>How long a claim lasts; claiming again renews it. After it the read is free for others.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a read QC returned waits for its reader before another reader may take the slot.</summary>
    public TimeSpan ReturnTimeout { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A task is due this long after it opened (shown in the worklist; overdue tasks are flagged, not closed).</summary>
    public TimeSpan DueAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>No task takes more reads than this, however often QC asks for adjudication.</summary>
    public int MaxReads { get; set; } = 5;

    public LifecycleOptions Validate()
    {
        if (Lease <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:Lease must be positive, got {Lease}.");
        if (ReturnTimeout <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:ReturnTimeout must be positive, got {ReturnTimeout}.");
        if (DueAfter <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:DueAfter must be positive, got {DueAfter}.");
        if (MaxReads < 1) throw new InvalidOperationException($"{Section}:MaxReads must be at least 1, got {MaxReads}.");
        return this;
    }
}
