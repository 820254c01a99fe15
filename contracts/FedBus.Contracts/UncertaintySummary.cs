namespace FedBus.Contracts;

/// <summary>
/// The model's own doubt about one image: max-probability confidence, MC-dropout entropy and mutual
/// information, and the single triage score annotation-request thresholds (higher = more doubtful).
/// </summary>
public sealed record UncertaintySummary(
    double Confidence,
    double MeanPredictiveEntropy,
    double MutualInformation,
    double TriageScore,
    int McDropoutPasses);
