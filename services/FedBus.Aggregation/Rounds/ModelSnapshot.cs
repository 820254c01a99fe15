namespace FedBus.Aggregation.Rounds;

/// <summary>What the gate needs to know about the model right now: the current version and the last publication number.</summary>
public sealed record ModelSnapshot(int CurrentVersion, long Publication);
