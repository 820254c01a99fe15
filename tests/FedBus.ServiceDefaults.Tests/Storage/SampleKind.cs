namespace FedBus.ServiceDefaults.Tests.Storage;

public enum SampleKind
{
    Mask,
    Weights,
    Instance,
}
