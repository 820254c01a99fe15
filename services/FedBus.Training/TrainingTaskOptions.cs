using FedBus.Contracts;

namespace FedBus.Training;

/// <summary>
/// What training reads of a configured task ("FedBus:Tasks:&lt;name&gt;", shared with inference and annotation-request;
/// keys it does not know are theirs): the model and the square input size its images are letterboxed to.
/// </summary>
public sealed class TrainingTaskOptions
{
    public const string Section = "FedBus:Tasks";

    public string ModelId { get; set; } = "";

    public TaskKind Kind { get; set; } = TaskKind.Segmentation;

    public int InputSize { get; set; } = 64;
}
