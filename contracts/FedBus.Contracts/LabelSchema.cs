namespace FedBus.Contracts;

/// <summary>
/// What the labels of a model mean: class id i (0-based) is ClassNames[i]. For segmentation class 0 is background;
/// for detection the class ids of boxes. The version changes whenever the list changes.
/// </summary>
public sealed record LabelSchema(int Version, IReadOnlyList<string> ClassNames);
