namespace FedBus.Learning.Uncertainty;

/// <summary>
/// The <c>TriageScore</c> (0..1, higher = more doubtful) that annotation-request thresholds. All inputs are
/// MC-dropout means over T passes (default 8), Ĥ = predictive entropy / log K:
/// <list type="bullet">
/// <item><b>Classification</b>: TriageScore = Ĥ(p̄) of the image.</item>
/// <item><b>Segmentation</b>: R = predicted foreground ∪ {pixels with Ĥ &gt; 0.5};
/// TriageScore = mean of Ĥ over R (0 when R is empty: a confident "nothing there").
/// Averaging over R instead of the whole image keeps a large easy background from diluting doubt about the structure.</item>
/// <item><b>Detection</b>: TriageScore = 1 − s̄, s̄ the MC-mean heatmap probability of the best peak
/// (the structure is expected in every image; a weak best peak is the doubt).</item>
/// </list>
/// Predictive entropy includes the epistemic part that MC-dropout exposes (disagreement between
/// passes flattens p̄); <see cref="UncertaintyReport.MutualInformation"/> reports that part alone.
/// </summary>
public static class Triage
{
    /// <summary>A pixel is "uncertain" above this normalised entropy (for two classes: max p̄ below ≈ 0.89).</summary>
    public const double UncertainPixelEntropy = 0.5;

    /// <summary>Classification score from the normalised predictive entropy of the image.</summary>
    public static double ForClassification(double normalisedEntropy) => Clamp01(normalisedEntropy);

    /// <summary>Segmentation score: mean normalised entropy over R (see class remarks).</summary>
    public static double ForSegmentation(double meanEntropyOverRegion, int regionPixels) =>
        regionPixels == 0 ? 0 : Clamp01(meanEntropyOverRegion);

    /// <summary>Detection score from the best peak's MC-mean probability.</summary>
    public static double ForDetection(double bestPeakProbability) => Clamp01(1 - bestPeakProbability);

    private static double Clamp01(double v) => double.IsNaN(v) ? 1 : Math.Clamp(v, 0, 1);
}
