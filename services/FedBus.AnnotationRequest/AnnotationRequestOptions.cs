using FedBus.AnnotationRequest.Triage;

namespace FedBus.AnnotationRequest;

/// <summary>Configuration section <c>FedBus:AnnotationRequest</c>.</summary>
public sealed class AnnotationRequestOptions
{
    public const string Section = "FedBus:AnnotationRequest";

    /// <summary>How often stored deadlines (leases, returns) and held candidates are looked at.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest label a reader may submit.</summary>
    public int MaxLabelBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Where the worklist points readers for images: ingestion's DICOMweb root (through the gateway by default).</summary>
    public string DicomWebBase { get; set; } = "/dicomweb";

    /// <summary>Triage settings of results whose model no <c>FedBus:Tasks:&lt;name&gt;</c> section names.</summary>
    public TriageOptions Triage { get; set; } = new();

    public AnnotationRequestOptions Validate()
    {
        if (SweepInterval <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:SweepInterval must be positive, got {SweepInterval}.");
        if (MaxLabelBytes < 1024) throw new InvalidOperationException($"{Section}:MaxLabelBytes must be at least 1024, got {MaxLabelBytes}.");
        Triage.Validate($"{Section}:Triage");
        return this;
    }
}
