namespace FedBus.ServiceDefaults.Instances;

public enum InstanceSourceKind
{
    /// <summary>The site's blob store (the service shares ingestion's blob volume or process).</summary>
    BlobStore,

    /// <summary>Ingestion's WADO-RS over HTTP (the service runs on another machine).</summary>
    WadoRs,
}
