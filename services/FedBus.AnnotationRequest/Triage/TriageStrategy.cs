namespace FedBus.AnnotationRequest.Triage;

/// <summary>How candidates compete for the daily budget (and how the worklist orders them).</summary>
public enum TriageStrategy
{
    /// <summary>A stable pseudo-random key per prediction: the baseline the others are measured against.</summary>
    Random,

    /// <summary>The likelihood that the model is poor on the image (triage score; a QC flag raises it).</summary>
    Uncertainty,

    /// <summary>As <see cref="Uncertainty"/>, discounted for each near-duplicate (adjacent slice or frame) already chosen.</summary>
    Diverse,
}
