using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;
using FedBus.Learning.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace FedBus.Learning;

/// <summary>
/// A model for one task, built from a <see cref="ModelSpec"/>. Inference, training and aggregation all
/// talk to models through this. Not thread-safe: one model serves one caller at a time.
/// </summary>
public interface ITaskModel : IDisposable
{
    ModelSpec Spec { get; }

    TaskKind Task { get; }

    /// <summary>The TorchSharp network (raw outputs: logits / head maps).</summary>
    nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>Number of trainable parameters.</summary>
    long ParameterCount { get; }

    /// <summary>Name of <see cref="Evaluate"/>'s metric: "dice", "accuracy" or "map50".</summary>
    string MetricName { get; }

    /// <summary>Predictions with uncertainty for each image (MC-dropout unless <see cref="PredictionOptions.McPasses"/> is 1).</summary>
    IReadOnlyList<CasePrediction> Predict(IReadOnlyList<ImageSlice> images, PredictionOptions? options = null);

    /// <summary>
    /// A feature vector per image from one deterministic pass (the spatial mean of every encoder stage, concatenated):
    /// what <see cref="Profiles.TrainingProfile"/> compares against the training distribution.
    /// </summary>
    IReadOnlyList<double[]> Embed(IReadOnlyList<ImageSlice> images, int batchSize = 32);

    /// <summary>
    /// The task's headline metric on labelled cases from one deterministic pass: mean foreground Dice
    /// per image (segmentation), accuracy (classification) or mAP@0.5 (detection). Higher is better.
    /// </summary>
    double Evaluate(IReadOnlyList<LabeledCase> cases);

    /// <summary>Every parameter and buffer by name (PyTorch's state_dict names).</summary>
    WeightSet ExportWeights();

    /// <summary>
    /// Loads weights by name; names, dtypes and shapes must match exactly (clear error otherwise). Entries under
    /// <see cref="Profiles.TrainingProfile.WeightPrefix"/> ("profile.") are not the network's and are ignored.
    /// </summary>
    void ImportWeights(WeightSet weights);
}
