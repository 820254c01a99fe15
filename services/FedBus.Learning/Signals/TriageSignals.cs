using FedBus.Learning.Profiles;

namespace FedBus.Learning.Signals;

/// <summary>
/// The named per-image signals triage combines, in three families: the model's own doubt (MC-dropout), its
/// consistency under harmless input changes (<see cref="ImageVariant"/>), and how far the image, the model's
/// features and the output lie from the training distribution (<see cref="TrainingProfile"/>; NaN without one).
/// </summary>
public static class TriageSignals
{
    public const string McEntropy = "mc_entropy";
    public const string OneMinusConfidence = "one_minus_confidence";
    public const string MutualInformation = "mutual_information";
    public const string ImageDistance = "image_distance";
    public const string EmbeddingDistance = "embedding_distance";
    public const string OutputDistance = "output_distance";

    public static string DisagreementName(ImageVariant variant) => variant switch
    {
        ImageVariant.Mirrored => "mirrored_disagreement",
        ImageVariant.Smoothed => "smoothed_disagreement",
        ImageVariant.Darker => "darker_disagreement",
        ImageVariant.Brighter => "brighter_disagreement",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    public static IReadOnlyList<string> Names { get; } =
    [
        McEntropy, OneMinusConfidence, MutualInformation,
        .. ImageVariants.All.Select(DisagreementName),
        ImageDistance, EmbeddingDistance, OutputDistance,
    ];

    /// <summary>The signals of one analyzed image, in the order of <see cref="Names"/>.</summary>
    public static double[] Measure(AnalyzedImage analyzed, TrainingProfile? profile, int classes)
    {
        ArgumentNullException.ThrowIfNull(analyzed);
        var u = analyzed.Prediction.Uncertainty;
        var values = new List<double>(Names.Count) { u.TriageScore, 1 - u.Confidence, u.MutualInformation };
        foreach (var v in ImageVariants.All)
            values.Add(analyzed.Variants.TryGetValue(v, out var p) ? Agreement.Disagreement(analyzed.Prediction, p, classes) : double.NaN);
        values.Add(profile is null ? double.NaN : profile.Image.Distance(ImageStatistics.Compute(analyzed.Image)));
        values.Add(profile?.Embedding is { } e && e.Dimension == analyzed.Embedding.Length ? e.Distance(analyzed.Embedding) : double.NaN);
        var output = OutputFeatures.OfPrediction(analyzed.Prediction, analyzed.Image, classes);
        values.Add(profile is not null && profile.Output.Dimension == output.Length ? profile.Output.Distance(output) : double.NaN);
        return [.. values];
    }

    /// <summary>
    /// The combiner's view of the signals: distances on a log scale (they span 0.3 … 50 between a familiar image and
    /// an inverted one; the doubt signals live in 0..1).
    /// </summary>
    public static double[] CombinerInput(ReadOnlySpan<double> signals)
    {
        var x = signals.ToArray();
        for (var i = Names.Count - 3; i < Names.Count; i++)
            x[i] = double.IsNaN(x[i]) ? double.NaN : Math.Log(Math.Max(x[i], 1e-3));
        return x;
    }
}
