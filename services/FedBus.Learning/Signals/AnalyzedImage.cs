using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;

namespace FedBus.Learning.Signals;

/// <summary>
/// Everything the model said about one input: the MC-dropout prediction, the feature vector and the deterministic
/// predictions of each <see cref="ImageVariant"/> (already mapped back onto the original's geometry).
/// </summary>
public sealed record AnalyzedImage(
    ImageSlice Image,
    CasePrediction Prediction,
    double[] Embedding,
    IReadOnlyDictionary<ImageVariant, CasePrediction> Variants);
