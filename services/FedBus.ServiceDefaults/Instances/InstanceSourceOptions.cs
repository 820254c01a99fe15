namespace FedBus.ServiceDefaults.Instances;

/// <summary>Configuration section "FedBus:Instances": where services read DICOM instances from.</summary>
public sealed class InstanceSourceOptions
{
    public const string Section = "FedBus:Instances";

    public InstanceSourceKind Source { get; set; } = InstanceSourceKind.BlobStore;

    /// <summary>The DICOMweb root for <see cref="InstanceSourceKind.WadoRs"/>: ingestion's is http://ingestion:5101/dicomweb/.</summary>
    public Uri? WadoRsBaseUrl { get; set; }

    public TimeSpan WadoRsTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
