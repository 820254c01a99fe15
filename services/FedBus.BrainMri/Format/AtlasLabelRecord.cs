namespace FedBus.BrainMri.Format;

/// <summary>One AAL region: its value in the atlas planes and its name (e.g. 37 Hippocampus_L).</summary>
public sealed record AtlasLabelRecord(int Value, string Name);
