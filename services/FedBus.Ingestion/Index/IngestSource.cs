namespace FedBus.Ingestion.Index;

public enum IngestSource
{
    CStore,
    StowRs,
}
