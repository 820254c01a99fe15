namespace FedBus.Training.Dataset;

public enum CaseOrigin
{
    /// <summary>QC accepted a radiologist's label (AnnotationAccepted).</summary>
    Accepted,

    /// <summary>Imported with the site's existing labelled set (POST /training/models/{modelId}/cases).</summary>
    Seeded,
}
