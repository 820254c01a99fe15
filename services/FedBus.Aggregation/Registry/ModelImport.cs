namespace FedBus.Aggregation.Registry;

/// <summary>What an import of a federation's first version names: the model, its architecture, task (optional: the architecture says it) and label schema.</summary>
public sealed record ModelImport(string ModelId, string ArchitectureId, string? Task, IReadOnlyList<string> ClassNames, int LabelSchemaVersion, string RequestedBy);
