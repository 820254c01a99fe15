namespace FedBus.BrainMri.Format;

/// <summary>Where the data came from and the checks the builder ran on it.</summary>
public sealed record ProvenanceRecord(
    string Attribution,
    string License,
    string BuilderCommand,
    IReadOnlyList<InputFileRecord> Inputs,
    AlignmentRecord Alignment,
    IReadOnlyList<string> Notes);
