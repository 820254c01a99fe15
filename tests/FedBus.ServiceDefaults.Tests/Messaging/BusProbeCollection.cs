namespace FedBus.ServiceDefaults.Tests.Messaging;

/// <summary>The multi-process scenarios run one class at a time: each starts several processes on a 2-core machine.</summary>
[CollectionDefinition(Name)]
public sealed class BusProbeCollection
{
    public const string Name = "bus probe processes";
}
