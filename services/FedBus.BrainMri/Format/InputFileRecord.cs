namespace FedBus.BrainMri.Format;

/// <summary>One source NIfTI file as the builder read it.</summary>
public sealed record InputFileRecord(string File, string Sha256, IReadOnlyList<int> Dimensions, IReadOnlyList<double> VoxelMm, string Datatype, string Transform);
