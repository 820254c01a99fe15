namespace FedBus.Contracts;

/// <summary>How many labels carry a class id. Counts below the report's minimum cell count are sent as 0.</summary>
public sealed record ClassCount(int ClassId, int Count);
