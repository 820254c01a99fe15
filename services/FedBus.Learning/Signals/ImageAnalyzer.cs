using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;

namespace FedBus.Learning.Signals;

/// <summary>
/// Runs a model over a batch of inputs for triage: one MC-dropout forward (T stacked copies), one deterministic
/// forward over every image's <see cref="ImageVariant"/>s, one feature forward. Three forward passes per batch
/// whatever its size — the unit the inference batcher shares between studies.
/// </summary>
public static class ImageAnalyzer
{
    /// <summary>The forward passes <see cref="Analyze"/> runs per batch.</summary>
    public const int ForwardPassesPerBatch = 3;

    /// <summary>
    /// Analyzes <paramref name="images"/> (one size) in chunks of <see cref="PredictionOptions.BatchSize"/>, each chunk
    /// in <see cref="ForwardPassesPerBatch"/> forward passes.
    /// </summary>
    public static IReadOnlyList<AnalyzedImage> Analyze(ITaskModel model, IReadOnlyList<ImageSlice> images, PredictionOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<AnalyzedImage>(images.Count);
        foreach (var chunk in images.Chunk(options.BatchSize))
            result.AddRange(AnalyzeBatch(model, chunk, options));
        return result;
    }

    private static AnalyzedImage[] AnalyzeBatch(ITaskModel model, ImageSlice[] images, PredictionOptions options)
    {
        var predictions = model.Predict(images, options with { BatchSize = images.Length });
        var variants = ImageVariants.All;
        var variantImages = new List<ImageSlice>(images.Length * variants.Count);
        foreach (var v in variants)
            foreach (var image in images)
                variantImages.Add(ImageVariants.Apply(v, image));
        var variantPredictions = model.Predict(variantImages, options with { McPasses = 1, BatchSize = variantImages.Count });
        var embeddings = model.Embed(images, images.Length);

        var result = new AnalyzedImage[images.Length];
        for (var i = 0; i < images.Length; i++)
        {
            var perVariant = new Dictionary<ImageVariant, CasePrediction>(variants.Count);
            for (var k = 0; k < variants.Count; k++)
                perVariant[variants[k]] = ImageVariants.Restore(variants[k], variantPredictions[k * images.Length + i], images[i].Width);
            result[i] = new AnalyzedImage(images[i], predictions[i], embeddings[i], perVariant);
        }
        return result;
    }
}
