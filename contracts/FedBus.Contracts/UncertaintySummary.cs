namespace FedBus.Contracts;

/// <summary>
/// The model's own doubt about one image from MC-dropout: max-probability confidence, normalised predictive entropy
/// and mutual information over the passes.
/// </summary>
public sealed record UncertaintySummary(
    double Confidence,
    double MeanPredictiveEntropy,
    double MutualInformation,
    int McDropoutPasses);
