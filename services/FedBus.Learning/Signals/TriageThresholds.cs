namespace FedBus.Learning.Signals;

/// <summary>
/// When a single signal is worth a finding of its own. Distances are RMS Mahalanobis distances (≈ 1 for a typical
/// training image); z-limits are in training standard deviations.
/// </summary>
public sealed record TriageThresholds(
    double ImageDistance = 3.0,
    double EmbeddingDistance = 3.0,
    double MaskDisagreement = 0.1,
    double BoxDisagreement = 0.5,
    double OutputZ = 3.0,
    double FlatEntropy = 0.8,
    double BoxOnBackground = 0.5,
    double BoxOutsideImage = 0.25)
{
    public static TriageThresholds Default { get; } = new();
}
