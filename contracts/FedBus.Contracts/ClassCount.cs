namespace FedBus.Contracts;

/// <summary>How many accepted labels carry a class id.</summary>
public sealed record ClassCount(int ClassId, int Count);
