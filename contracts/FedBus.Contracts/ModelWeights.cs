namespace FedBus.Contracts;

/// <summary>
/// A claim check for a safetensors weight file. Small files travel <see cref="Inline"/>; a large one is null here and
/// is fetched from the hub's weight store by its digest (uploaded there by its producer before the message is sent),
/// so a 40 MB model never rides the broker. The SHA-256 of the whole file is checked on every read.
/// </summary>
public sealed record ModelWeights(
    string WeightsSha256,
    long SizeBytes,
    byte[]? Inline);
