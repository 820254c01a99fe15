namespace FedBus.Ingestion.DicomWeb;

public enum QidoLevel
{
    Study,
    Series,
    Instance,
}
