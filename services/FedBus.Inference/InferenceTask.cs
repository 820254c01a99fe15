using FedBus.Imaging.Input;
using FedBus.Inference.Batching;
using FedBus.Inference.Models;

namespace FedBus.Inference;

/// <summary>One configured task at run time: its current model and the batcher that runs it.</summary>
public sealed class InferenceTask(string name, InferenceTaskOptions options, ModelSlot slot, PredictionBatcher batcher)
{
    public string Name { get; } = name;
    public InferenceTaskOptions Options { get; } = options;
    public ModelSlot Slot { get; } = slot;
    public PredictionBatcher Batcher { get; } = batcher;

    public InputPolicy Policy { get; } = new(options.AllowedModalities, options.InputSize, options.MinimumSide, options.MaxFrames);
}
