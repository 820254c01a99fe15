namespace FedBus.ServiceDefaults.Instances;

/// <summary>The instance source has no such instance (a permanent answer: retrying will not help).</summary>
public sealed class InstanceNotFoundException(InstanceLocation instance, string source, string reason)
    : Exception($"The {source} instance source has no instance with blob {instance.BlobSha256 ?? "(none)"}: {reason}")
{
    public InstanceLocation Instance { get; } = instance;
}
