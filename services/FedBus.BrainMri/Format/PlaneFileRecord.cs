namespace FedBus.BrainMri.Format;

/// <summary>
/// A gzip file holding <see cref="Planes"/> planes of Size×Size bytes, row-major, in slice order.
/// Kind is "mask" (0/1 brain), "atlas" (AAL value) or "image" (intensity 0..255 of <see cref="Source"/>).
/// Encoding "u8" stores the bytes themselves; "delta:NAME" stores (plane − plane of file NAME) mod 256,
/// which is nearly all zeros for the second source of the same subject and so packs three times smaller.
/// <see cref="Sha256"/> is of the decoded bytes, so the loader can prove it read what the builder wrote.
/// </summary>
public sealed record PlaneFileRecord(string Name, string Kind, string? Source, string Encoding, int Planes, string Sha256)
{
    public const string Raw = "u8";
    public const string DeltaPrefix = "delta:";
}
