namespace FedBus.Learning.Weights;

/// <summary>
/// The <c>__metadata__</c> of a weight file. <see cref="PayloadSha256"/> is filled in by the writer
/// and checked by the reader; <see cref="Extra"/> keeps any other string entries (round-tripped).
/// </summary>
public sealed record WeightMetadata(
    string ArchitectureId,
    string ModelVersion,
    string RoundId,
    string CreatedBy,
    string? PayloadSha256 = null,
    IReadOnlyDictionary<string, string>? Extra = null)
{
    internal const string ArchitectureKey = "architecture_id";
    internal const string VersionKey = "model_version";
    internal const string RoundKey = "round_id";
    internal const string CreatedByKey = "created_by";
    internal const string PayloadKey = "payload_sha256";
    internal const string FormatKey = "format";
    internal const string FormatValue = "fedbus-weights/1";
}
