namespace FedBus.Learning.Uncertainty;

/// <summary>
/// How much to doubt one prediction. Entropies are normalised to 0..1 by log(K) (K = classes;
/// detection heatmaps are per-class binary, K = 2). With one pass the mutual information is 0.
/// </summary>
/// <param name="Passes">MC-dropout passes behind the numbers (1 = deterministic).</param>
/// <param name="Confidence">
/// Max MC-mean probability: of the image (classification), averaged over the predicted foreground
/// (segmentation; 1 when there is none), of the best box (detection).
/// </param>
/// <param name="PredictiveEntropy">
/// Normalised entropy of the MC-mean probabilities: of the image (classification), averaged over
/// all pixels (segmentation), at the best peak (detection).
/// </param>
/// <param name="MutualInformation">BALD: predictive entropy − mean per-pass entropy (the epistemic part), same unit.</param>
/// <param name="ForegroundEntropy">Segmentation: mean normalised entropy inside the predicted foreground (null if none).</param>
/// <param name="UncertainPixels">Segmentation: pixels whose normalised entropy exceeds <see cref="Triage.UncertainPixelEntropy"/>.</param>
/// <param name="UncertainFraction">Segmentation: UncertainPixels / max(1, predicted foreground pixels).</param>
/// <param name="TriageScore">The single 0..1 doubt score to threshold (higher = more doubtful); formula in <see cref="Triage"/>.</param>
public sealed record UncertaintyReport(
    int Passes,
    double Confidence,
    double PredictiveEntropy,
    double MutualInformation,
    double? ForegroundEntropy,
    int? UncertainPixels,
    double? UncertainFraction,
    double TriageScore);
