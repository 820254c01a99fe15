namespace FedBus.ServiceDefaults.Privacy;

/// <summary>
/// A patient-identifying value (DICOM UID, patient id, accession number) after <see cref="IdentifierHasher"/>:
/// what log lines and telemetry carry instead of the value. Only the hasher makes one, so a log method that takes
/// this type cannot be handed the raw value by mistake.
/// </summary>
public readonly record struct HashedIdentifier
{
    internal HashedIdentifier(string value) => Value = value;

    /// <summary>16 lowercase hex digits, or "-" for a missing value.</summary>
    public string Value { get; }

    public override string ToString() => Value ?? "-";
}
