using FedBus.Contracts;

namespace FedBus.Inference;

/// <summary>
/// One configured task of the site ("FedBus:Tasks:&lt;name&gt;"): which model runs it and what that model can read.
/// Annotation-request reads its thresholds from the same section; keys it does not know are ignored here.
/// </summary>
public sealed class InferenceTaskOptions
{
    public const string Section = "FedBus:Tasks";

    /// <summary>The model whose <see cref="GlobalModelPublished"/> messages this task follows.</summary>
    public string ModelId { get; set; } = "";

    public TaskKind Kind { get; set; } = TaskKind.Segmentation;

    /// <summary>The square input size the model was trained at (images are letterboxed to it).</summary>
    public int InputSize { get; set; } = 64;

    /// <summary>Modalities the model reads; not set: MR; "*": any. (Nullable because configuration binding appends to a default list.)</summary>
    public List<string>? Modalities { get; set; }

    public IReadOnlyList<string> AllowedModalities => Modalities ?? ["MR"];

    public int McPasses { get; set; } = 8;

    /// <summary>Images (from any studies) per shared forward pass.</summary>
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>How long the first image of a batch waits for company before the batch runs anyway.</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(20);

    public int MinimumSide { get; set; } = 16;

    public int MaxFrames { get; set; } = 512;
}
