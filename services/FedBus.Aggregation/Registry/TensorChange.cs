namespace FedBus.Aggregation.Registry;

/// <summary>How one tensor changed between two versions: ‖b − a‖₂, that relative to ‖a‖₂, and the largest element change.</summary>
public sealed record TensorChange(string Name, string Layout, double L2Distance, double? RelativeChange, double MaxAbsoluteChange);
