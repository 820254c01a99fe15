namespace FedBus.Aggregation.Registry;

/// <summary>
/// Two versions side by side: their records, how they are related (one an ancestor of the other, or siblings), how far
/// the weights moved overall and per tensor (largest first), and any layout differences.
/// </summary>
public sealed record VersionComparison(
    string ModelId,
    ModelVersion From,
    ModelVersion To,
    string Relation,
    bool SameLayout,
    IReadOnlyList<string> LayoutDifferences,
    double L2Distance,
    double? RelativeChange,
    IReadOnlyList<TensorChange> Tensors);
