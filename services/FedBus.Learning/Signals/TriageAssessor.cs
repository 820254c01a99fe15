using System.Globalization;
using FedBus.Learning.Predictions;
using FedBus.Learning.Profiles;

namespace FedBus.Learning.Signals;

/// <summary>
/// Turns an <see cref="AnalyzedImage"/> into a <see cref="TriageAssessment"/>: the signals of <see cref="TriageSignals"/>
/// plus output plausibility (mask empty, fragmented or of an unusual area; boxes off the anatomy or the image; flat
/// class probabilities), each check a finding with a readable reason, and one score from the profile's
/// <see cref="TriageCombiner"/>. Without a combiner the score falls back to the larger of MC-dropout's TriageScore and
/// the largest disagreement under the image variants (uncalibrated; a finding says so).
/// </summary>
public static class TriageAssessor
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static TriageAssessment Assess(AnalyzedImage analyzed, TrainingProfile? profile, int classes,
        IReadOnlyList<string>? classNames = null, TriageThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(analyzed);
        thresholds ??= TriageThresholds.Default;
        var values = TriageSignals.Measure(analyzed, profile, classes);
        var signals = new List<KeyValuePair<string, double>>();
        for (var i = 0; i < values.Length; i++)
            if (double.IsFinite(values[i])) signals.Add(new(TriageSignals.Names[i], values[i]));
        var findings = new List<TriageFinding>();

        double score;
        if (profile?.Combiner is { } combiner) score = combiner.Score(values);
        else
        {
            var disagreement = ImageVariants.All.Select(v => Value(values, TriageSignals.DisagreementName(v))).Where(double.IsFinite).DefaultIfEmpty(0).Max();
            score = Math.Clamp(Math.Max(analyzed.Prediction.Uncertainty.TriageScore, disagreement), 0, 1);
            findings.Add(profile is null
                ? new TriageFinding("no-training-profile", "The model came without a profile of its training images, so unfamiliar images cannot be recognised; the triage score is the model's own doubt only.")
                : new TriageFinding("uncalibrated-triage", "The model's profile has no fitted triage combiner; the triage score is the model's own doubt and its consistency only."));
        }

        Distances(values, profile, analyzed, thresholds, findings);
        Consistency(analyzed, classes, thresholds, findings);
        Plausibility(analyzed, profile, classes, classNames, thresholds, signals, findings);
        return new TriageAssessment(score, signals, findings);
    }

    private static void Distances(double[] values, TrainingProfile? profile, AnalyzedImage analyzed, TriageThresholds t, List<TriageFinding> findings)
    {
        var image = Value(values, TriageSignals.ImageDistance);
        if (profile is not null && image > t.ImageDistance)
        {
            var stats = ImageStatistics.Compute(analyzed.Image);
            var z = profile.Image.ZScores(stats);
            var worst = Enumerable.Range(0, z.Length).OrderByDescending(i => Math.Abs(z[i])).First();
            findings.Add(new TriageFinding("ood-image",
                $"The image's intensities and texture are unlike the images the model was trained on (distance {F(image)}, typical about 1; " +
                $"most unusual: {Describe(ImageStatistics.Names[worst])}, {F(z[worst])} standard deviations from the training images)."));
        }
        var embedding = Value(values, TriageSignals.EmbeddingDistance);
        if (embedding > t.EmbeddingDistance)
            findings.Add(new TriageFinding("ood-features",
                $"What the model sees in this image is far from what it saw in training (feature distance {F(embedding)}, typical about 1)."));
    }

    private static void Consistency(AnalyzedImage analyzed, int classes, TriageThresholds t, List<TriageFinding> findings)
    {
        var changed = new List<string>();
        foreach (var (variant, other) in analyzed.Variants)
        {
            var unstable = (analyzed.Prediction, other) switch
            {
                (ClassificationPrediction a, ClassificationPrediction b) => a.ClassId != b.ClassId,
                (SegmentationPrediction, SegmentationPrediction) => Agreement.Disagreement(analyzed.Prediction, other, classes) > t.MaskDisagreement,
                _ => Agreement.Disagreement(analyzed.Prediction, other, classes) > t.BoxDisagreement,
            };
            if (unstable) changed.Add(VariantText(variant));
        }
        if (changed.Count > 0)
            findings.Add(new TriageFinding("unstable-prediction",
                $"The prediction changes when the image is {string.Join(", ", changed)}: the model is not sure what it sees."));
    }

    private static void Plausibility(AnalyzedImage analyzed, TrainingProfile? profile, int classes, IReadOnlyList<string>? classNames,
        TriageThresholds t, List<KeyValuePair<string, double>> signals, List<TriageFinding> findings)
    {
        var image = analyzed.Image;
        switch (analyzed.Prediction)
        {
            case SegmentationPrediction s:
            {
                var (foreground, components, largest) = OutputFeatures.Components(s.Mask, s.Height, s.Width);
                var fraction = (double)foreground / (s.Height * s.Width);
                signals.Add(new("foreground_fraction", fraction));
                signals.Add(new("components", components));
                signals.Add(new("largest_component_share", foreground == 0 ? 1 : (double)largest / foreground));
                var structure = classNames is { Count: > 1 } ? string.Join(" / ", classNames.Skip(1)) : "the structure";
                if (profile is not null)
                {
                    var m = profile.Output;
                    double meanArea = m.Mean[0], sdArea = Math.Max(m.StandardDeviation(0), 0.01);
                    double meanParts = m.Mean[1], sdParts = m.StandardDeviation(1);
                    if (foreground == 0 && meanArea > 0.005)
                        findings.Add(new TriageFinding("mask-empty", $"The model found no {structure} here; in the training labels it covers {P(meanArea)} of the image on average."));
                    else if (Math.Abs(fraction - meanArea) / sdArea > t.OutputZ)
                        findings.Add(new TriageFinding("mask-area-unusual",
                            $"The predicted {structure} covers {P(fraction)} of the image; training labels cover {P(meanArea)} ± {P(sdArea)}."));
                    var partsLimit = Math.Max(3, Math.Ceiling(meanParts + t.OutputZ * sdParts));
                    if (components > partsLimit)
                        findings.Add(new TriageFinding("mask-fragmented",
                            $"The predicted mask falls apart into {components} pieces; training labels have {meanParts.ToString("F1", Inv)} on average."));
                }
                else if (foreground == 0)
                    findings.Add(new TriageFinding("mask-empty", $"The model found no {structure} in this image."));
                break;
            }
            case ClassificationPrediction c:
            {
                var p = c.Probabilities;
                double entropy = -p.Where(v => v > 0).Sum(v => v * Math.Log(v)) / Math.Log(Math.Max(2, p.Length));
                signals.Add(new("max_probability", p.Max()));
                if (entropy > t.FlatEntropy)
                {
                    var name = classNames is not null && c.ClassId < classNames.Count ? classNames[c.ClassId] : $"class {c.ClassId}";
                    findings.Add(new TriageFinding("flat-probabilities",
                        $"The class probabilities are nearly flat: the most likely, {name}, has only {P(p[c.ClassId])}."));
                }
                break;
            }
            case DetectionPrediction d:
            {
                var confident = d.Detections.Where(x => x.Score >= Agreement.BoxScore).Select(x => x.Box).ToList();
                var features = OutputFeatures.Boxes(confident, image);
                signals.Add(new("box_count", features[0]));
                signals.Add(new("boxes_on_background", features[2]));
                signals.Add(new("boxes_outside_image", features[3]));
                var offAnatomy = confident.Count(b => OutputFeatures.Boxes([b], image)[2] > t.BoxOnBackground);
                var offImage = confident.Count(b => OutputFeatures.Boxes([b], image)[3] > t.BoxOutsideImage);
                if (offAnatomy > 0)
                    findings.Add(new TriageFinding("boxes-outside-anatomy", $"{offAnatomy} of {confident.Count} boxes lie mostly on background, not on the anatomy."));
                if (offImage > 0)
                    findings.Add(new TriageFinding("boxes-outside-image", $"{offImage} of {confident.Count} boxes reach well beyond the image."));
                if (profile is not null)
                {
                    double mean = profile.Output.Mean[0], sd = Math.Max(profile.Output.StandardDeviation(0), 0.5);
                    if (Math.Abs(confident.Count - mean) / sd > t.OutputZ)
                        findings.Add(new TriageFinding("box-count-unusual",
                            $"The model reports {confident.Count} boxes; training images have {mean.ToString("F1", Inv)} ± {sd.ToString("F1", Inv)}."));
                }
                break;
            }
        }
    }

    private static double Value(double[] values, string name) => values[TriageSignals.Names.ToList().IndexOf(name)];

    private static string VariantText(ImageVariant v) => v switch
    {
        ImageVariant.Mirrored => "mirrored left to right",
        ImageVariant.Smoothed => "slightly smoothed",
        ImageVariant.Darker => "made a little darker",
        _ => "made a little brighter",
    };

    private static string Describe(string feature) => feature switch
    {
        "noise_mad" => "the noise level",
        "laplacian_rms" => "the fine-detail energy (noise or sharpness)",
        "gradient_mean" => "the edge strength",
        "neighbour_correlation" or "neighbour_correlation_2" => "the smoothness between neighbouring pixels (noise or blur)",
        "border_minus_centre" => "the brightness of the border against the centre (contrast polarity)",
        "dark_fraction" => "the share of dark background",
        "histogram_entropy" => "the spread of intensities",
        "skewness" or "kurtosis" => "the shape of the intensity histogram",
        _ => $"the intensity percentile {feature}",
    };

    private static string F(double v) => v.ToString("F1", Inv);

    private static string P(double v) => v.ToString("P0", Inv);
}
