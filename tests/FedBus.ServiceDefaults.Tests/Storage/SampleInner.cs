namespace FedBus.ServiceDefaults.Tests.Storage;

public sealed record SampleInner(string Modality, int Rows);
