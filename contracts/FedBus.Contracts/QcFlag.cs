namespace FedBus.Contracts;

/// <summary>A named finding (a stable code such as "one-based-labels") with a sentence a radiologist understands.</summary>
public sealed record QcFlag(string Code, string Message);
