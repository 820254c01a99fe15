namespace FedBus.Learning.Signals;

/// <summary>A check that fired: a stable code (e.g. "ood-image") and a sentence a radiologist understands.</summary>
public sealed record TriageFinding(string Code, string Message);
