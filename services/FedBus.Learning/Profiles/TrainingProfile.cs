using FedBus.Learning.Cases;
using FedBus.Learning.Signals;
using FedBus.Learning.Weights;

namespace FedBus.Learning.Profiles;

/// <summary>
/// What the current model was trained on, summarised as feature moments that ship inside its weight set (reserved
/// prefix "profile."; <see cref="ITaskModel.ImportWeights"/> ignores it): image statistics of the inputs
/// (<see cref="ImageStatistics"/>), the network's own feature vectors (<see cref="ITaskModel.Embed"/>) and the labels'
/// output features (<see cref="OutputFeatures"/>), plus the <see cref="TriageCombiner"/> fitted on the site's
/// validation cases that turns the per-image signals into one TriageScore. Inference measures each new image against it.
/// <para>
/// Pooling across sites (<see cref="Pool"/>) is exact for <see cref="Image"/> and <see cref="Output"/> — they do not
/// depend on the model. <see cref="Embedding"/> is computed with one set of weights: after aggregation changes the
/// weights it describes the new model only approximately, until sites recompute it with the new weights (e.g. while
/// validating the candidate).
/// </para>
/// </summary>
public sealed record TrainingProfile(FeatureMoments Image, FeatureMoments? Embedding, FeatureMoments Output, TriageCombiner? Combiner = null)
{
    /// <summary>Names under this prefix in a weight set belong to the profile, not to the network.</summary>
    public const string WeightPrefix = "profile.";

    private const string ImageGroup = "image";
    private const string EmbeddingGroup = "embedding";
    private const string OutputGroup = "output";
    private const string TriageGroup = "triage";

    /// <summary>
    /// The profile of <paramref name="cases"/> (a site's accepted training cases) under <paramref name="model"/>; with
    /// <paramref name="calibrationCases"/> (cases the model did not train on, e.g. the validation split) it also fits the
    /// triage combiner on them, clean and under synthetic shifts.
    /// </summary>
    public static TrainingProfile Build(ITaskModel model, IReadOnlyList<LabeledCase> cases, IReadOnlyList<LabeledCase>? calibrationCases = null, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0) throw new ArgumentException("A profile needs at least one case.", nameof(cases));
        var images = cases.Select(c => c.Image).ToList();
        var profile = new TrainingProfile(
            FeatureMoments.FromSamples(images.Select(ImageStatistics.Compute)),
            FeatureMoments.FromSamples(model.Embed(images)),
            FeatureMoments.FromSamples(cases.Select(c => OutputFeatures.OfLabel(c.Label, c.Image, model.Spec.Classes))));
        if (calibrationCases is not { Count: > 0 }) return profile;
        var (signals, poor) = CalibrationSet(model, profile, calibrationCases, options ?? ProfileOptions.Default);
        return profile with { Combiner = TriageCombiner.Fit(signals, poor) };
    }

    /// <summary>Signals and outcomes of the calibration cases, clean and shifted (what the combiner is fitted on).</summary>
    public static (IReadOnlyList<double[]> Signals, IReadOnlyList<bool> Poor) CalibrationSet(
        ITaskModel model, TrainingProfile profile, IReadOnlyList<LabeledCase> calibrationCases, ProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(calibrationCases);
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(unchecked((int)options.Seed));
        var shifted = new List<LabeledCase>(calibrationCases.Count * (options.ShiftsPerCase + 1));
        foreach (var c in calibrationCases)
        {
            shifted.Add(c);
            for (var k = 0; k < options.ShiftsPerCase; k++)
            {
                var shift = CalibrationShift.Draw(random);
                var pixels = shift.Apply(c.Image.Pixels, c.Image.Height, c.Image.Width, random);
                shifted.Add(new LabeledCase(c.CaseId, new ImageSlice(c.Image.Height, c.Image.Width, pixels), c.Label));
            }
        }
        var analyzed = ImageAnalyzer.Analyze(model, shifted.Select(c => c.Image).ToList(), options.EffectivePrediction);
        var classes = model.Spec.Classes;
        return (analyzed.Select(a => TriageSignals.Measure(a, profile, classes)).ToList(),
                analyzed.Select((a, i) => PredictionQuality.IsPoor(shifted[i].Label, a.Prediction, classes)).ToList());
    }
    /// <summary>The profile of all sites' cases together (each group pooled by sample count).</summary>
    public static TrainingProfile Pool(IEnumerable<TrainingProfile> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        if (list.Count == 0) throw new ArgumentException("Nothing to pool.", nameof(parts));
        var embeddings = list.Select(p => p.Embedding).ToList();
        return new TrainingProfile(
            FeatureMoments.Pool(list.Select(p => p.Image)),
            embeddings.All(e => e is not null) ? FeatureMoments.Pool(embeddings!) : null,
            FeatureMoments.Pool(list.Select(p => p.Output)),
            list.Select(p => p.Combiner).OfType<TriageCombiner>().ToList() is { Count: > 0 } combiners ? TriageCombiner.Pool(combiners) : null);
    }

    /// <summary><paramref name="weights"/> with this profile's entries (any previous profile replaced).</summary>
    public WeightSet AddTo(WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var entries = WithoutProfile(weights).ToList();
        Add(entries, ImageGroup, Image);
        if (Embedding is not null) Add(entries, EmbeddingGroup, Embedding);
        Add(entries, OutputGroup, Output);
        if (Combiner is { } k)
        {
            var d = k.Weights.Length;
            entries.Add(new($"{WeightPrefix}{TriageGroup}.count", WeightTensor.Int64([1], [k.Count])));
            entries.Add(new($"{WeightPrefix}{TriageGroup}.mean", WeightTensor.Float32([d], k.Mean.Select(v => (float)v).ToArray())));
            entries.Add(new($"{WeightPrefix}{TriageGroup}.scale", WeightTensor.Float32([d], k.Scale.Select(v => (float)v).ToArray())));
            entries.Add(new($"{WeightPrefix}{TriageGroup}.weights", WeightTensor.Float32([d], k.Weights.Select(v => (float)v).ToArray())));
            entries.Add(new($"{WeightPrefix}{TriageGroup}.bias", WeightTensor.Float32([1], [(float)k.Bias])));
        }
        return new WeightSet(entries);
    }

    /// <summary>The profile stored in <paramref name="weights"/>, or null when it has none (or an incomplete one).</summary>
    public static TrainingProfile? ReadFrom(WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var image = Read(weights, ImageGroup);
        var output = Read(weights, OutputGroup);
        // Statistics computed by another version of the feature code would be compared feature by wrong feature.
        if (image is null || output is null || image.Dimension != ImageStatistics.Names.Count) return null;
        return new TrainingProfile(image, Read(weights, EmbeddingGroup), output, ReadCombiner(weights));
    }

    /// <summary>The network's own entries only.</summary>
    public static WeightSet Strip(WeightSet weights) => new(WithoutProfile(weights));

    private static IEnumerable<KeyValuePair<string, WeightTensor>> WithoutProfile(WeightSet weights) =>
        weights.Where(kv => !kv.Key.StartsWith(WeightPrefix, StringComparison.Ordinal));

    private static void Add(List<KeyValuePair<string, WeightTensor>> entries, string group, FeatureMoments m)
    {
        var d = m.Dimension;
        entries.Add(new($"{WeightPrefix}{group}.count", WeightTensor.Int64([1], [m.Count])));
        entries.Add(new($"{WeightPrefix}{group}.mean", WeightTensor.Float32([d], m.Mean.Select(v => (float)v).ToArray())));
        entries.Add(new($"{WeightPrefix}{group}.second_moment", WeightTensor.Float32([d, d], m.SecondMoment.Select(v => (float)v).ToArray())));
    }

    private static TriageCombiner? ReadCombiner(WeightSet weights)
    {
        string Name(string part) => $"{WeightPrefix}{TriageGroup}.{part}";
        if (!weights.TryGetValue(Name("count"), out var count) || !weights.TryGetValue(Name("mean"), out var mean) ||
            !weights.TryGetValue(Name("scale"), out var scale) || !weights.TryGetValue(Name("weights"), out var w) ||
            !weights.TryGetValue(Name("bias"), out var bias))
            return null;
        var d = TriageSignals.Names.Count;
        // A combiner over another list of signals would weigh the wrong ones.
        if (mean.ElementCount != d || scale.ElementCount != d || w.ElementCount != d || bias.ElementCount != 1 || count.DType != WeightDType.I64)
            return null;
        double[] D(WeightTensor t) => t.Values.Select(v => (double)v).ToArray();
        return new TriageCombiner(D(mean), D(scale), D(w), bias.Values[0], count.Int64Values[0]);
    }

    private static FeatureMoments? Read(WeightSet weights, string group)
    {
        if (!weights.TryGetValue($"{WeightPrefix}{group}.count", out var count) ||
            !weights.TryGetValue($"{WeightPrefix}{group}.mean", out var mean) ||
            !weights.TryGetValue($"{WeightPrefix}{group}.second_moment", out var second))
            return null;
        if (count.DType != WeightDType.I64 || count.ElementCount != 1 || mean.DType != WeightDType.F32 || second.DType != WeightDType.F32)
            throw new InvalidDataException($"The profile group '{group}' has unexpected dtypes.");
        var d = mean.ElementCount;
        if (second.ElementCount != d * d)
            throw new InvalidDataException($"The profile group '{group}' has a mean of {d} and a second moment of {second.ElementCount} values.");
        return new FeatureMoments(count.Int64Values[0], mean.Values.Select(v => (double)v).ToArray(), second.Values.Select(v => (double)v).ToArray());
    }
}
